"""backward accumulates into a default argument grads={}, which Python creates once: gradients grow."""
CLASS = "accumulation"


def backward(graph, root, grads={}):
    order = topological_order(graph, root)
    new = {name: np.zeros(np.shape(graph[name]["value"])) for name in order}
    new[root] = np.ones(np.shape(graph[root]["value"]))
    for name in reversed(order):
        for parent, g in zip(graph[name]["parents"], local_gradients(graph, name, new[name])):
            new[parent] += g
    for name, g in new.items():
        grads[name] = grads[name] + g if name in grads else g
    return grads
