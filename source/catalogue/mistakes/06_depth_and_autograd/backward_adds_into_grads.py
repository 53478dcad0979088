"""backward adds into the arrays of the grads passed in (a shallow copy of the dict) with +=."""
CLASS = "in place"


def backward(graph, root, grads=None):
    order = topological_order(graph, root)
    new = {name: np.zeros(np.shape(graph[name]["value"])) for name in order}
    new[root] = np.ones(np.shape(graph[root]["value"]))
    for name in reversed(order):
        for parent, g in zip(graph[name]["parents"], local_gradients(graph, name, new[name])):
            new[parent] += g
    total = dict(grads or {})
    for name, g in new.items():
        if name in total:
            total[name] += g
        else:
            total[name] = g
    return total
