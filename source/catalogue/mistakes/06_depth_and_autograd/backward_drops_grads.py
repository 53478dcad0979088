"""backward ignores the grads passed in: accumulation over batches starts from zero again."""
CLASS = "accumulation"


def backward(graph, root, grads=None):
    order = topological_order(graph, root)
    new = {name: np.zeros(np.shape(graph[name]["value"])) for name in order}
    new[root] = np.ones(np.shape(graph[root]["value"]))
    for name in reversed(order):
        for parent, g in zip(graph[name]["parents"], local_gradients(graph, name, new[name])):
            new[parent] += g
    return new
