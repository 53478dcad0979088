"""topological_order pops the parents off the graph's own lists while it walks."""
CLASS = "in place"


def topological_order(graph, root):
    order, seen = [], set()

    def visit(name):
        parents = graph[name]["parents"]
        while parents:
            parent = parents.pop()
            if parent not in seen:
                visit(parent)
        if name not in seen:
            seen.add(name)
            order.append(name)

    visit(root)
    return order
