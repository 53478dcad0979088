from otter.test_files import test_case

OK_FORMAT = False

name = "mse_loss"
points = None

@test_case(points=1, hidden=False)
def test_mse_loss_example(mse_loss):
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.public import check
    check(mse_loss, {'function': 'mse_loss', 'kind': 'scalar', 'what': 'mse_loss([2.5, 3.0, 1.5], [3.0, 3.0, 2.0])', 'args': [np.array([2.5, 3.0, 1.5]), np.array([3.0, 3.0, 2.0])], 'argnames': ['predictions', 'targets'], 'expected': 0.16666666666666666, 'mistakes': [Mistake('the sum of squared errors, not their mean', 0.5), Mistake('the mean over rows (len) instead of over every element', 0.16666666666666666), Mistake('half the mean squared error (the 1/2 convention)', 0.08333333333333333), Mistake('the root of the mean squared error (RMSE), not the MSE', 0.408248290463863), Mistake('the mean absolute error, not the mean squared error', 0.3333333333333333)]})

@test_case(points=1, hidden=False)
def test_mse_loss_batch(mse_loss):
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.public import check
    check(mse_loss, {'function': 'mse_loss', 'kind': 'scalar', 'what': 'mse_loss on a (2, 3) batch', 'args': [np.array([[1.0, 2.0, 3.0], [0.0, 0.5, 0.0]]), np.array([[1.0, 0.0, 3.5], [1.0, 0.0, -1.0]])], 'argnames': ['predictions', 'targets'], 'expected': 1.0833333333333333, 'mistakes': [Mistake('the sum of squared errors, not their mean', 6.5), Mistake('the mean over rows (len) instead of over every element', 3.25), Mistake('half the mean squared error (the 1/2 convention)', 0.5416666666666666), Mistake('the root of the mean squared error (RMSE), not the MSE', 1.0408329997330663), Mistake('the mean absolute error, not the mean squared error', 0.8333333333333334)]})

@test_case(points=2, hidden=True)
def test_mse_loss_hidden_values(mse_loss):
    from bpcheck import hidden
    hidden.run('mse_loss', 'values', mse_loss)

@test_case(points=1, hidden=True)
def test_mse_loss_hidden_unchanged(mse_loss):
    from bpcheck import hidden
    hidden.run('mse_loss', 'unchanged', mse_loss)

