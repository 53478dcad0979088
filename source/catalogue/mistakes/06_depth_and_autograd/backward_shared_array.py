"""backward stores a rule's first result as it is and adds into it later: arrays shared between nodes."""
CLASS = "in place"


def backward(graph, root, grads=None):
    order = topological_order(graph, root)
    new = {root: np.ones(np.shape(graph[root]["value"]))}
    for name in reversed(order):
        for parent, g in zip(graph[name]["parents"], local_gradients(graph, name, new[name])):
            if parent in new:
                new[parent] += g
            else:
                new[parent] = g
    total = {name: np.array(g, dtype=float) for name, g in (grads or {}).items()}
    for name, g in new.items():
        total[name] = total[name] + g if name in total else g
    return total
