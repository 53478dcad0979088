"""topological_order sorts the whole graph (Kahn's algorithm), including nodes root does not depend on."""
CLASS = "order/shape"


def topological_order(graph, root):
    waiting = {name: len(set(node["parents"])) for name, node in graph.items()}
    ready = [name for name, n in waiting.items() if n == 0]
    order = []
    while ready:
        name = ready.pop()
        order.append(name)
        for other, node in graph.items():
            if name in node["parents"]:
                waiting[other] -= 1
                if waiting[other] == 0:
                    ready.append(other)
    return order
