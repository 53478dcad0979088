"""topological_order as an iterative depth-first search with an explicit stack."""
CLASS = "correct"


def topological_order(graph, root):
    order, done, stack = [], set(), [(root, False)]
    while stack:
        name, expanded = stack.pop()
        if expanded:
            if name not in done:
                done.add(name)
                order.append(name)
            continue
        if name in done:
            continue
        stack.append((name, True))
        for parent in graph[name]["parents"]:
            if parent not in done:
                stack.append((parent, False))
    return order
