"""topological_order appends a node before its parents (pre-order): root first."""
CLASS = "visiting order"


def topological_order(graph, root):
    order, seen = [], set()

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        order.append(name)
        for parent in graph[name]["parents"]:
            visit(parent)

    visit(root)
    return order
