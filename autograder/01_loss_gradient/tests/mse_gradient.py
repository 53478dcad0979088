from otter.test_files import test_case

OK_FORMAT = False

name = "mse_gradient"
points = None

@test_case(points=1, hidden=False)
def test_mse_gradient_example(mse_gradient):
    import numpy as np
    from bpcheck.compare import expect_array
    from bpcheck.compare import Mistake
    diff = np.array([-0.5, 0.0, -0.5])
    got = mse_gradient(np.array([2.5, 3.0, 1.5]), np.array([3.0, 3.0, 2.0]))
    expect_array(got, 2 * diff / 3, 'mse_gradient([2.5, 3.0, 1.5], [3.0, 3.0, 2.0])', mistakes=[Mistake('exactly half the expected gradient: the factor 2 from the square is missing', diff / 3), Mistake('the sign is flipped: the gradient is 2 (predictions - targets) / N, not 2 (targets - predictions) / N', -2 * diff / 3), Mistake('the division by N is missing: that is the gradient of the summed squared error, not of the mean', 2 * diff), Mistake('this is predictions - targets, the softmax/cross-entropy gradient, not the MSE gradient 2 (predictions - targets) / N', diff), Mistake('this is the gradient of the RMSE, not of the MSE', diff / (3 * np.sqrt(1 / 6)))])

@test_case(points=1, hidden=False)
def test_mse_gradient_batch(mse_gradient):
    import numpy as np
    from bpcheck.compare import Mistake, expect_array
    predictions = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    targets = np.array([[1.0, 0.0, 3.0], [1.0, 0.0, -1.0]])
    expected = np.array([[0.0, 4.0, 0.0], [-2.0, 0.0, 2.0]]) / 6
    got = mse_gradient(predictions, targets)
    expect_array(got, expected, 'mse_gradient on a (2, 3) batch', mistakes=[Mistake('it divides by the number of rows, len(predictions) = 2, instead of the number of elements, predictions.size = 6', expected * 3), Mistake('exactly half the expected gradient: the factor 2 from the square is missing', expected / 2)])

@test_case(points=1, hidden=False)
def test_mse_gradient_finite_differences(mse_gradient):
    import numpy as np
    from bpcheck.compare import Mistake, expect_array
    from bpcheck.gradcheck import numerical_gradient
    rng = np.random.default_rng(0)
    predictions, targets = (rng.normal(size=(3, 4)), rng.normal(size=(3, 4)))
    numeric = numerical_gradient(lambda p: np.mean((p - targets) ** 2), predictions)
    got = mse_gradient(predictions.copy(), targets.copy())
    expect_array(got, numeric, 'mse_gradient on a random (3, 4) batch, compared with finite differences of the loss', atol=1e-07, mistakes=[Mistake('it divides by the number of rows, len(predictions) = 3, instead of the number of elements, predictions.size = 12', numeric * 4)])

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

