"""topological_order returns the graph's keys in the dict's order, which says nothing about the graph."""
CLASS = "visiting order"


def topological_order(graph, root):
    return list(graph)
