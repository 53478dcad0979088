"""topological_order on a list-based graph: names numbered, parents as index lists, visited flags in a list."""
CLASS = "correct"


def topological_order(graph, root):
    names = list(graph)
    index = {name: i for i, name in enumerate(names)}
    parents = [[index[p] for p in graph[name]["parents"]] for name in names]
    visited = [False] * len(names)
    order = []

    def visit(i):
        if visited[i]:
            return
        visited[i] = True
        for p in parents[i]:
            visit(p)
        order.append(names[i])

    visit(index[root])
    return order
