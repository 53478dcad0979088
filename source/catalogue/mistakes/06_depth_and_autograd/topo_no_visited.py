"""topological_order does not remember visited nodes: a value used twice is listed twice."""
CLASS = "fan-out"


def topological_order(graph, root):
    order = []

    def visit(name):
        for parent in graph[name]["parents"]:
            visit(parent)
        order.append(name)

    visit(root)
    return order
