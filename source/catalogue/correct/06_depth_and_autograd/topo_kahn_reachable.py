"""topological_order by Kahn's algorithm, restricted to the nodes found from root first."""
CLASS = "correct"


def topological_order(graph, root):
    reach, todo = set(), [root]
    while todo:
        name = todo.pop()
        if name not in reach:
            reach.add(name)
            todo.extend(graph[name]["parents"])
    waiting = {name: len(set(graph[name]["parents"])) for name in reach}
    ready = sorted((name for name in reach if waiting[name] == 0), key=str)
    order = []
    while ready:
        name = ready.pop()
        order.append(name)
        for other in reach:
            if name in graph[other]["parents"]:
                waiting[other] -= 1
                if waiting[other] == 0:
                    ready.append(other)
    return order
