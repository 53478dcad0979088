"""topological_order reverses a breadth-first search from root, which is not a topological order."""
CLASS = "visiting order"


def topological_order(graph, root):
    order, seen, queue = [], {root}, [root]
    while queue:
        name = queue.pop(0)
        order.append(name)
        for parent in graph[name]["parents"]:
            if parent not in seen:
                seen.add(parent)
                queue.append(parent)
    return order[::-1]
