"""backward walks the topological order forwards (parents first) instead of backwards from root."""
CLASS = "visiting order"


def backward(graph, root, grads=None):
    order = topological_order(graph, root)
    new = {name: np.zeros(np.shape(graph[name]["value"])) for name in order}
    new[root] = np.ones(np.shape(graph[root]["value"]))
    for name in order:
        for parent, g in zip(graph[name]["parents"], local_gradients(graph, name, new[name])):
            new[parent] += g
    total = {name: np.array(g, dtype=float) for name, g in (grads or {}).items()}
    for name, g in new.items():
        total[name] = total[name] + g if name in total else g
    return total
