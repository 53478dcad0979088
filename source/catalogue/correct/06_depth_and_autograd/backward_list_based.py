"""backward with the gradients in a list indexed by position in the topological order."""
CLASS = "correct"


def backward(graph, root, grads=None):
    order = topological_order(graph, root)
    position = {name: i for i, name in enumerate(order)}
    g_list = [np.zeros(np.shape(graph[name]["value"])) for name in order]
    g_list[-1] = g_list[-1] + 1.0
    for i in range(len(order) - 1, -1, -1):
        name = order[i]
        for parent, g in zip(graph[name]["parents"], local_gradients(graph, name, g_list[i])):
            g_list[position[parent]] += g
    result = dict(grads) if grads is not None else {}
    for name, g in zip(order, g_list):
        result[name] = result[name] + g if name in result else g
    return result
