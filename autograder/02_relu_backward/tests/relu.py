from otter.test_files import test_case

OK_FORMAT = False

name = "relu"
points = None

@test_case(points=1, hidden=False)
def test_relu_example(relu):
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.public import check
    check(relu, {'function': 'relu', 'kind': 'array', 'what': 'relu([-2, -1, 0, 1, 2])', 'args': [np.array([-2.0, -1.0, 0.0, 1.0, 2.0])], 'argnames': ['x'], 'expected': np.array([0.0, 0.0, 0.0, 1.0, 2.0]), 'mistakes': [Mistake('this is |x|, not max(0, x)', np.array([2.0, 1.0, 0.0, 1.0, 2.0])), Mistake('this is min(0, x): max and min are swapped', np.array([-2.0, -1.0, 0.0, 0.0, 0.0])), Mistake('this is the derivative (a 0/1 mask), not the activation', np.array([0.0, 0.0, 0.0, 1.0, 1.0])), Mistake('this is x itself: relu(x) is 0 wherever x < 0', np.array([-2.0, -1.0, 0.0, 1.0, 2.0])), Mistake('this is np.max(x, 0), the largest entries along axis 0: relu compares every entry with 0 on its own (np.maximum compares entry by entry; np.max reduces)', 2.0), Region('wrong only where x < 0: relu(x) = max(0, x) is 0 for every negative input', np.array([True, True, False, False, False]))]})

@test_case(points=1, hidden=False)
def test_relu_2d(relu):
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.public import check
    check(relu, {'function': 'relu', 'kind': 'array', 'what': 'relu on a (2, 3) array', 'args': [np.array([[1.5, -0.5, 0.0], [-3.0, 2.0, -1.0]])], 'argnames': ['x'], 'expected': np.array([[1.5, 0.0, 0.0], [0.0, 2.0, 0.0]]), 'mistakes': [Mistake('this is |x|, not max(0, x)', np.array([[1.5, 0.5, 0.0], [3.0, 2.0, 1.0]])), Mistake('this is min(0, x): max and min are swapped', np.array([[0.0, -0.5, 0.0], [-3.0, 0.0, -1.0]])), Mistake('this is the derivative (a 0/1 mask), not the activation', np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])), Mistake('this is x itself: relu(x) is 0 wherever x < 0', np.array([[1.5, -0.5, 0.0], [-3.0, 2.0, -1.0]])), Mistake('this is np.max(x, 0), the largest entries along axis 0: relu compares every entry with 0 on its own (np.maximum compares entry by entry; np.max reduces)', np.array([1.5, 2.0, 0.0])), Region('wrong only where x < 0: relu(x) = max(0, x) is 0 for every negative input', np.array([[False, True, False], [True, False, True]]))]})

@test_case(points=2, hidden=True)
def test_relu_hidden_values(relu):
    from bpcheck import hidden
    hidden.run('relu', 'values', relu)

@test_case(points=1, hidden=True)
def test_relu_hidden_unchanged(relu):
    from bpcheck import hidden
    hidden.run('relu', 'unchanged', relu)

