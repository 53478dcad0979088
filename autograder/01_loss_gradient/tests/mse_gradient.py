from otter.test_files import test_case

OK_FORMAT = False

name = "mse_gradient"
points = None

@test_case(points=1, hidden=False)
def test_mse_gradient_example(mse_gradient):
    import numpy as np
    from bpcheck.compare import expect_array
    got = mse_gradient(np.array([2.5, 3.0, 1.5]), np.array([3.0, 3.0, 2.0]))
    expect_array(got, np.array([-1 / 3, 0.0, -1 / 3]), 'mse_gradient([2.5, 3.0, 1.5], [3.0, 3.0, 2.0])')

@test_case(points=1, hidden=False)
def test_mse_gradient_batch(mse_gradient):
    import numpy as np
    from bpcheck.compare import Mistake, expect_array
    predictions = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    targets = np.array([[1.0, 0.0, 3.0], [1.0, 0.0, -1.0]])
    expected = np.array([[0.0, 4.0, 0.0], [-2.0, 0.0, 2.0]]) / 6
    got = mse_gradient(predictions, targets)
    expect_array(got, expected, 'mse_gradient on a (2, 3) batch', mistakes=[Mistake('it divides by the number of rows, len(predictions) = 2, instead of the number of elements, predictions.size = 6', expected * 3)])

@test_case(points=1, hidden=False)
def test_mse_gradient_finite_differences(mse_gradient):
    import numpy as np
    from bpcheck.compare import expect_array
    from bpcheck.gradcheck import numerical_gradient
    rng = np.random.default_rng(0)
    predictions, targets = (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)))
    numeric = numerical_gradient(lambda p: np.mean((p - targets) ** 2), predictions)
    got = mse_gradient(predictions.copy(), targets.copy())
    expect_array(got, numeric, 'mse_gradient on a random (3, 4) batch, compared with finite differences of the loss', atol=1e-07)

@test_case(points=2, hidden=True)
def test_mse_gradient_hidden_values(mse_gradient):
    from bpcheck import hidden
    hidden.run('mse_gradient', 'values', mse_gradient)

@test_case(points=1, hidden=True)
def test_mse_gradient_hidden_gradcheck(mse_gradient):
    from bpcheck import hidden
    hidden.run('mse_gradient', 'gradcheck', mse_gradient)

@test_case(points=1, hidden=True)
def test_mse_gradient_hidden_unchanged(mse_gradient):
    from bpcheck import hidden
    hidden.run('mse_gradient', 'unchanged', mse_gradient)

