from otter.test_files import test_case

OK_FORMAT = False

name = "forward_pass"
points = None

@test_case(points=1, hidden=False)
def test_forward_pass_example(forward_pass):
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.public import check
    check(forward_pass, {'function': 'forward_pass', 'kind': 'arrays', 'what': 'forward_pass on the worked example', 'args': [np.array([1.0, 2.0]), np.array([[1.0, -1.0, 0.5], [0.0, 1.0, -1.0]]), np.array([0.0, 0.5, 1.0]), np.array([[1.0, 0.0], [2.0, -1.0], [3.0, 1.0]]), np.array([0.5, -0.5])], 'argnames': ['x', 'W1', 'b1', 'W2', 'b2'], 'expected': (np.array([1.0, 1.5, 0.0]), np.array([4.5, -2.0])), 'mistakes': {'output': [Mistake('the output layer has a ReLU, but the output layer is linear: no activation after W2 and b2', np.array([4.5, 0.0])), Mistake('b2 is not added to the output', np.array([4.0, -1.5]))], 'h1': [Mistake('h1 is missing the ReLU: the hidden activation is relu of the hidden pre-activation', np.array([1.0, 1.5, -0.5]))]}, 'names': ('h1', 'output')})

@test_case(points=1, hidden=True)
def test_forward_pass_hidden_values(forward_pass):
    from bpcheck import hidden
    hidden.run('forward_pass', 'values', forward_pass)

@test_case(points=1, hidden=True)
def test_forward_pass_hidden_unchanged(forward_pass):
    from bpcheck import hidden
    hidden.run('forward_pass', 'unchanged', forward_pass)

