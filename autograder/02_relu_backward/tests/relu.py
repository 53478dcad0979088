from otter.test_files import test_case

OK_FORMAT = False

name = "relu"
points = None

@test_case(points=1, hidden=False)
def test_relu_example(relu):
    import numpy as np
    from bpcheck.compare import Mistake, expect_array
    x = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
    got = relu(x.copy())
    expect_array(got, np.array([0.0, 0.0, 0.0, 1.0, 2.0]), 'relu([-2, -1, 0, 1, 2])', mistakes=[Mistake('this is |x|: negative entries must become 0, not positive', np.abs(x)), Mistake('this is min(0, x): max and min are swapped', np.minimum(0, x)), Mistake('this is the derivative (a 0/1 mask), not the activation itself', (x > 0).astype(float))])

@test_case(points=1, hidden=False)
def test_relu_2d(relu):
    import numpy as np
    from bpcheck.compare import Mistake, expect_array
    x = np.array([[1.5, -0.5, 0.0], [-3.0, 2.0, -1.0]])
    expected = np.array([[1.5, 0.0, 0.0], [0.0, 2.0, 0.0]])
    got = relu(x.copy())
    expect_array(got, expected, 'relu on a (2, 3) array', mistakes=[Mistake("the result is flattened to 1-D: keep x's shape (np.maximum works entrywise on any shape)", expected.ravel()), Mistake('this is |x|: negative entries must become 0, not positive', np.abs(x))])

@test_case(points=2, hidden=True)
def test_relu_hidden_values(relu):
    from bpcheck import hidden
    hidden.run('relu', 'values', relu)

@test_case(points=1, hidden=True)
def test_relu_hidden_unchanged(relu):
    from bpcheck import hidden
    hidden.run('relu', 'unchanged', relu)

