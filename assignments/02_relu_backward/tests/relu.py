from otter.test_files import test_case

OK_FORMAT = False

name = "relu"
points = None

@test_case(points=1, hidden=False)
def test_relu_example(relu):
    import numpy as np
    from bpcheck.compare import Mistake, Region, expect_array
    x = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
    got = relu(x.copy())
    expect_array(got, np.array([0.0, 0.0, 0.0, 1.0, 2.0]), 'relu([-2, -1, 0, 1, 2])', mistakes=[Mistake('this is x itself: negative entries must become 0', x), Mistake('np.max(x, 0), the largest entry of x (a reduction along axis 0): use np.maximum(0, x), which compares every entry with 0', np.max(x, 0)), Mistake('this is |x|: negative entries must become 0, not positive', np.abs(x)), Mistake('this is min(0, x): max and min are swapped', np.minimum(0, x)), Mistake('this is the derivative (a 0/1 mask), not the activation itself', (x > 0).astype(float)), Region(label='wrong only at the negative inputs: relu must give 0 wherever x < 0', where=x < 0)])

@test_case(points=1, hidden=False)
def test_relu_2d(relu):
    import numpy as np
    from bpcheck.compare import Mistake, expect_array
    x = np.array([[1.5, -0.5, 0.0], [-3.0, 2.0, -1.0]])
    expected = np.array([[1.5, 0.0, 0.0], [0.0, 2.0, 0.0]])
    got = relu(x.copy())
    expect_array(got, expected, 'relu on a (2, 3) array', mistakes=[Mistake("the result is flattened to 1-D: keep x's shape (np.maximum works entrywise on any shape)", expected.ravel()), Mistake('this is |x|: negative entries must become 0, not positive', np.abs(x))])

