from otter.test_files import test_case

OK_FORMAT = False

name = "mse_gradient"
points = None

@test_case(points=1, hidden=False)
def test_mse_gradient_example(mse_gradient):
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.public import check
    check(mse_gradient, {'function': 'mse_gradient', 'kind': 'array', 'what': 'mse_gradient([2.5, 3.0, 1.5], [3.0, 3.0, 2.0])', 'args': [np.array([2.5, 3.0, 1.5]), np.array([3.0, 3.0, 2.0])], 'argnames': ['predictions', 'targets'], 'expected': np.array([-0.3333333333333333, 0.0, -0.3333333333333333]), 'mistakes': [Mistake('exactly half the expected gradient: the factor 2 from the square is missing', np.array([-0.16666666666666666, 0.0, -0.16666666666666666])), Mistake('the sign is flipped: the gradient is 2 (predictions - targets) / n, not (targets - predictions)', np.array([0.3333333333333333, -0.0, 0.3333333333333333])), Mistake('it divides by the number of rows (len) instead of the number of elements (.size)', np.array([-0.3333333333333333, 0.0, -0.3333333333333333])), Mistake('the division by n is missing (the gradient of the sum, not the mean)', np.array([-1.0, 0.0, -1.0])), Mistake('this is predictions - targets, the softmax/cross-entropy gradient, not the MSE gradient', np.array([-0.5, 0.0, -0.5])), Mistake('this is the gradient of the RMSE, not of the MSE', np.array([-0.4082482904638631, 0.0, -0.4082482904638631]))]})

@test_case(points=1, hidden=False)
def test_mse_gradient_batch(mse_gradient):
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.public import check
    check(mse_gradient, {'function': 'mse_gradient', 'kind': 'array', 'what': 'mse_gradient on a (2, 3) batch', 'args': [np.array([[1.0, 2.0, 3.0], [0.0, 0.5, 0.0]]), np.array([[1.0, 0.0, 3.5], [1.0, 0.0, -1.0]])], 'argnames': ['predictions', 'targets'], 'expected': np.array([[0.0, 0.6666666666666666, -0.16666666666666666], [-0.3333333333333333, 0.16666666666666666, 0.3333333333333333]]), 'mistakes': [Mistake('exactly half the expected gradient: the factor 2 from the square is missing', np.array([[0.0, 0.3333333333333333, -0.08333333333333333], [-0.16666666666666666, 0.08333333333333333, 0.16666666666666666]])), Mistake('the sign is flipped: the gradient is 2 (predictions - targets) / n, not (targets - predictions)', np.array([[-0.0, -0.6666666666666666, 0.16666666666666666], [0.3333333333333333, -0.16666666666666666, -0.3333333333333333]])), Mistake('it divides by the number of rows (len) instead of the number of elements (.size)', np.array([[0.0, 2.0, -0.5], [-1.0, 0.5, 1.0]])), Mistake('the division by n is missing (the gradient of the sum, not the mean)', np.array([[0.0, 4.0, -1.0], [-2.0, 1.0, 2.0]])), Mistake('this is predictions - targets, the softmax/cross-entropy gradient, not the MSE gradient', np.array([[0.0, 2.0, -0.5], [-1.0, 0.5, 1.0]])), Mistake('this is the gradient of the RMSE, not of the MSE', np.array([[0.0, 0.32025630761017426, -0.08006407690254357], [-0.16012815380508713, 0.08006407690254357, 0.16012815380508713]]))]})

@test_case(points=1, hidden=False)
def test_mse_gradient_finite_differences(mse_gradient, mse_loss):
    import numpy as np
    from bpcheck.compare import expect_array
    from bpcheck.gradcheck import numerical_gradient
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.public import call, works
    predictions = np.array([[0.3, -1.2, 0.8, 2.0], [-0.5, 0.1, 1.4, -2.2], [1.1, 0.0, -0.7, 0.6]])
    targets = np.array([[0.0, -1.0, 1.5, 1.0], [0.5, 0.3, 1.0, -2.0], [-1.0, 0.2, 0.0, 0.4]])
    got = call(mse_gradient, 'mse_gradient', predictions.copy(), targets.copy())
    if not works(mse_loss, {'function': 'mse_loss', 'kind': 'scalar', 'what': 'mse_loss([2.5, 3.0, 1.5], [3.0, 3.0, 2.0])', 'args': [np.array([2.5, 3.0, 1.5]), np.array([3.0, 3.0, 2.0])], 'argnames': ['predictions', 'targets'], 'expected': 0.16666666666666666, 'mistakes': [Mistake('the sum of squared errors, not their mean', 0.5), Mistake('the mean over rows (len) instead of over every element', 0.16666666666666666), Mistake('half the mean squared error (the 1/2 convention)', 0.08333333333333333), Mistake('the root of the mean squared error (RMSE), not the MSE', 0.408248290463863), Mistake('the mean absolute error, not the mean squared error', 0.3333333333333333)]}):
        return
    numeric = numerical_gradient(lambda p: call(mse_loss, 'mse_loss', p, targets), predictions)
    expect_array(got, numeric, 'mse_gradient on a (3, 4) batch, compared with finite differences of your mse_loss (if mse_loss fails its own checks, mend it first)', atol=1e-07)

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

