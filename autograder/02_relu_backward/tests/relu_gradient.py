from otter.test_files import test_case

OK_FORMAT = False

name = "relu_gradient"
points = None

@test_case(points=1, hidden=False)
def test_relu_gradient_example(relu_gradient):
    import numpy as np
    from bpcheck.compare import Mistake, Region, expect_array
    x = np.array([-2.0, -1.0, 0.0, 1.0, 2.0])
    got = relu_gradient(x.copy())
    expect_array(got, np.array([0.0, 0.0, 0.0, 1.0, 1.0]), 'relu_gradient([-2, -1, 0, 1, 2])', mistakes=[Mistake("wrong only at x == 0, where it returns 1: the course defines relu'(0) = 0, so compare with x > 0, not x >= 0", (x >= 0).astype(float)), Mistake("this is 1 everywhere, the derivative of x itself: relu's derivative is 0 where x <= 0", np.ones_like(x)), Mistake("this is np.sign(x), which is -1 for negative inputs: relu's derivative is 0 there", np.sign(x)), Mistake('this is relu(x) itself, not its derivative', np.maximum(0, x)), Mistake('the mask is flipped: it is 1 where x <= 0 instead of where x > 0', (x <= 0).astype(float)), Region(label="wrong only at x == 0: the course defines relu'(0) = 0, so the result must be 0 there (with np.heaviside, the second argument is the value at 0)", where=x == 0)])

@test_case(points=1, hidden=False)
def test_relu_gradient_finite_differences(relu_gradient):
    import numpy as np
    from bpcheck.compare import Mistake, expect_array
    from bpcheck.gradcheck import numerical_gradient
    x = np.array([[0.7, -1.2, 2.5], [-0.3, 1.1, -2.0]])
    numeric = numerical_gradient(lambda v: np.sum(np.maximum(0, v)), x)
    got = relu_gradient(x.copy())
    expect_array(got, numeric, 'relu_gradient on a (2, 3) array, compared with finite differences of max(0, x)', mistakes=[Mistake('this is relu(x) itself, not its derivative', np.maximum(0, x)), Mistake("this is np.clip(x, 0, 1), which equals x between 0 and 1: relu's derivative is exactly 1 for every x > 0", np.clip(x, 0, 1))], atol=1e-07)

@test_case(points=2, hidden=True)
def test_relu_gradient_hidden_values(relu_gradient):
    from bpcheck import hidden
    hidden.run('relu_gradient', 'values', relu_gradient)

@test_case(points=1, hidden=True)
def test_relu_gradient_hidden_kink(relu_gradient):
    from bpcheck import hidden
    hidden.run('relu_gradient', 'kink', relu_gradient)

@test_case(points=1, hidden=True)
def test_relu_gradient_hidden_gradcheck(relu_gradient):
    from bpcheck import hidden
    hidden.run('relu_gradient', 'gradcheck', relu_gradient)

@test_case(points=1, hidden=True)
def test_relu_gradient_hidden_unchanged(relu_gradient):
    from bpcheck import hidden
    hidden.run('relu_gradient', 'unchanged', relu_gradient)

