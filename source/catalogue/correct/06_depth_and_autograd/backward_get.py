"""backward with dict.get and new arrays at every addition (no zeros first)."""
CLASS = "correct"


def backward(graph, root, grads=None):
    new = {root: np.ones(np.shape(graph[root]["value"]))}
    for name in reversed(topological_order(graph, root)):
        d = new.get(name, np.zeros(np.shape(graph[name]["value"])))
        new[name] = d
        for parent, g in zip(graph[name]["parents"], local_gradients(graph, name, d)):
            new[parent] = new.get(parent, 0) + g
    result = {} if grads is None else {k: v.copy() for k, v in grads.items()}
    for name, g in new.items():
        result[name] = result.get(name, 0) + g
    return result
