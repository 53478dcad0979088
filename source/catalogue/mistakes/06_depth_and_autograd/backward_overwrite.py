"""backward assigns each parent's gradient instead of adding to it: a value used twice keeps one share."""
CLASS = "fan-out"


def backward(graph, root, grads=None):
    order = topological_order(graph, root)
    new = {name: np.zeros(np.shape(graph[name]["value"])) for name in order}
    new[root] = np.ones(np.shape(graph[root]["value"]))
    for name in reversed(order):
        for parent, g in zip(graph[name]["parents"], local_gradients(graph, name, new[name])):
            new[parent] = g
    total = {name: np.array(g, dtype=float) for name, g in (grads or {}).items()}
    for name, g in new.items():
        total[name] = total[name] + g if name in total else g
    return total
