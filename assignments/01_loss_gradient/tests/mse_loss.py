from otter.test_files import test_case

OK_FORMAT = False

name = "mse_loss"
points = None

@test_case(points=1, hidden=False)
def test_mse_loss_example(mse_loss):
    import numpy as np
    from bpcheck.compare import expect_scalar
    from bpcheck.compare import Mistake
    got = mse_loss(np.array([2.5, 3.0, 1.5]), np.array([3.0, 3.0, 2.0]))
    expect_scalar(got, 1 / 6, 'mse_loss([2.5, 3.0, 1.5], [3.0, 3.0, 2.0])', mistakes=[Mistake('the squared errors are summed, not averaged: divide by the number of elements', 0.5), Mistake("this is half the mean squared error (the 1/2 convention): this course's MSE has no factor 1/2", 1 / 12), Mistake('this is the root of the mean squared error (RMSE): the MSE takes no square root', np.sqrt(1 / 6)), Mistake('this is the mean absolute error: square the differences', 1 / 3)])

@test_case(points=1, hidden=False)
def test_mse_loss_batch(mse_loss):
    import numpy as np
    from bpcheck.compare import Mistake, expect_scalar
    predictions = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    targets = np.array([[1.0, 0.0, 3.0], [1.0, 0.0, -1.0]])
    got = mse_loss(predictions, targets)
    expect_scalar(got, 1.0, 'mse_loss on a (2, 3) batch', mistakes=[Mistake('it divides by the number of rows (2) instead of the number of elements (6)', 3.0), Mistake('the squared errors are summed, not averaged: divide by the number of elements (6)', 6.0)])

