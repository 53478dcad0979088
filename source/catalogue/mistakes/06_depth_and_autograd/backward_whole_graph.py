"""backward returns an entry for every node of the graph, also those root does not depend on."""
CLASS = "order/shape"


def backward(graph, root, grads=None):
    order = topological_order(graph, root)
    new = {name: np.zeros(np.shape(node["value"])) for name, node in graph.items()}
    new[root] = np.ones(np.shape(graph[root]["value"]))
    for name in reversed(order):
        for parent, g in zip(graph[name]["parents"], local_gradients(graph, name, new[name])):
            new[parent] += g
    total = {name: np.array(g, dtype=float) for name, g in (grads or {}).items()}
    for name, g in new.items():
        total[name] = total[name] + g if name in total else g
    return total
