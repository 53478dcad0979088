from otter.test_files import test_case

OK_FORMAT = False

name = "topological_order"
points = None

@test_case(points=1, hidden=False)
def test_topological_order_examples(topological_order):
    import numpy as np
    from bpcheck.compare import expect_topological_order

    def node(op, *parents):
        return {'op': op, 'parents': list(parents), 'value': np.zeros(1)}
    cases = [('y = x * x', {'y': node('mul', 'x', 'x'), 'x': node('input')}, 'y', ['x', 'y']), ('a diamond (x feeds relu(x) and x * w, which meet in c), with a node L does not use', {'L': node('sum', 'c'), 'other': node('sum', 'w'), 'c': node('mul', 'a', 'b'), 'b': node('mul', 'x', 'w'), 'a': node('relu', 'x'), 'w': node('input'), 'x': node('input')}, 'L', ['L', 'a', 'b', 'c', 'w', 'x']), ('a chain with a shortcut (L uses a and d, a uses b, b uses d)', {'L': node('add', 'a', 'd'), 'a': node('relu', 'b'), 'b': node('relu', 'd'), 'd': node('input')}, 'L', ['L', 'a', 'b', 'd'])]
    for label, graph, root, nodes in cases:
        parents_before = {k: list(v['parents']) for k, v in graph.items()}
        got = topological_order(graph, root)
        expect_topological_order(got, graph, root, nodes, f'topological_order on {label}')
        if {k: v['parents'] for k, v in graph.items()} != parents_before:
            raise AssertionError(f"topological_order on {label} changed its argument graph (a node's parents): keep your own bookkeeping in new variables.")

@test_case(points=2, hidden=True)
def test_topological_order_hidden_order(topological_order):
    from bpcheck import hidden
    hidden.run('topological_order', 'order', topological_order)

@test_case(points=1, hidden=True)
def test_topological_order_hidden_unchanged(topological_order):
    from bpcheck import hidden
    hidden.run('topological_order', 'unchanged', topological_order)

