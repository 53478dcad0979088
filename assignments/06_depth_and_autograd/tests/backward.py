from otter.test_files import test_case

OK_FORMAT = False

name = "backward"
points = None

@test_case(points=1, hidden=False)
def test_backward_diamond(backward):
    import numpy as np
    from bpcheck.compare import expect_gradients
    graph = {'x': {'op': 'input', 'parents': [], 'value': np.array([2.0, 1.0])}, 'c': {'op': 'mul', 'parents': ['a', 'b'], 'value': np.array([12.0, -1.0])}, 'L': {'op': 'sum', 'parents': ['c'], 'value': np.array(11.0)}, 'other': {'op': 'sum', 'parents': ['w'], 'value': np.array(2.0)}, 'w': {'op': 'input', 'parents': [], 'value': np.array([3.0, -1.0])}, 'a': {'op': 'relu', 'parents': ['x'], 'value': np.array([2.0, 1.0])}, 'b': {'op': 'mul', 'parents': ['x', 'w'], 'value': np.array([6.0, -1.0])}}
    got = backward(graph, 'L')
    expect_gradients(got, {'x': np.array([12.0, -2.0]), 'a': np.array([6.0, -1.0]), 'w': np.array([4.0, 1.0]), 'b': np.array([2.0, 1.0]), 'c': np.array([1.0, 1.0]), 'L': np.array(1.0)}, graph, "backward(graph, 'L') on the diamond")

@test_case(points=1, hidden=False)
def test_backward_x_times_x(backward):
    import numpy as np
    from bpcheck.compare import expect_gradients
    graph = {'L': {'op': 'sum', 'parents': ['y'], 'value': np.array(13.0)}, 'x': {'op': 'input', 'parents': [], 'value': np.array([3.0, -2.0])}, 'y': {'op': 'mul', 'parents': ['x', 'x'], 'value': np.array([9.0, 4.0])}}
    got = backward(graph, 'L')
    expect_gradients(got, {'x': np.array([6.0, -4.0]), 'y': np.array([1.0, 1.0]), 'L': np.array(1.0)}, graph, "backward(graph, 'L') on L = sum(x * x)")

@test_case(points=1, hidden=False)
def test_backward_two_calls(backward):
    import numpy as np
    from bpcheck.compare import Mistake, expect_gradients, expect_unchanged
    graph = {'L': {'op': 'sum', 'parents': ['y'], 'value': np.array(13.0)}, 'x': {'op': 'input', 'parents': [], 'value': np.array([3.0, -2.0])}, 'y': {'op': 'mul', 'parents': ['x', 'x'], 'value': np.array([9.0, 4.0])}}
    expected = {'x': np.array([6.0, -4.0]), 'y': np.array([1.0, 1.0]), 'L': np.array(1.0)}
    expect_gradients(backward(graph, 'L'), expected, graph, "backward(graph, 'L'), first call")
    expect_gradients(backward(graph, 'L'), expected, graph, "backward(graph, 'L') called a second time", mistakes=[Mistake('the gradients grow from one call to the next: without grads, every call starts from zero. Something keeps its values between calls (a default argument such as grads={}, created only once, or a dict outside the function)', {'x': np.array([12.0, -8.0]), 'y': np.array([2.0, 2.0]), 'L': np.array(2.0)})])
    earlier = {'x': np.array([1.0, 1.0]), 'y': np.array([1.0, 1.0]), 'L': np.array(1.0)}
    given = {k: v.copy() for k, v in earlier.items()}
    got = backward(graph, 'L', given)
    expect_gradients(got, {'x': np.array([7.0, -3.0]), 'y': np.array([2.0, 2.0]), 'L': np.array(2.0)}, graph, "backward(graph, 'L', grads) with grads of ones from an earlier batch", mistakes=[Mistake("the gradients passed in as grads are dropped: the result is grads plus this graph's gradients", expected), Mistake("the result is only the grads passed in: this graph's gradients are not added", earlier)])
    if set(given) != set(earlier):
        raise AssertionError('backward changed its argument grads (added or removed entries): build a new dict.')
    for k in earlier:
        expect_unchanged(earlier[k], given[k], f'grads[{k!r}] (add into a new array, not into this one)')

@test_case(points=1, hidden=False)
def test_backward_x_plus_x(backward):
    import numpy as np
    from bpcheck.compare import Mistake, expect_gradients
    graph = {'y': {'op': 'add', 'parents': ['x', 'x'], 'value': np.array([2.0, 4.0])}, 'L': {'op': 'sum', 'parents': ['y'], 'value': np.array(6.0)}, 'x': {'op': 'input', 'parents': [], 'value': np.array([1.0, 2.0])}}
    got = backward(graph, 'L')
    expect_gradients(got, {'x': np.array([2.0, 2.0]), 'y': np.array([1.0, 1.0]), 'L': np.array(1.0)}, graph, "backward(graph, 'L') on L = sum(x + x)", mistakes=[Mistake("the gradient of 'y' changed after it was passed on: one array is shared between nodes. Give every node its own zeros and add into those, instead of storing a rule's result and adding into it later", {'x': np.array([2.0, 2.0]), 'y': np.array([2.0, 2.0]), 'L': np.array(1.0)})])

