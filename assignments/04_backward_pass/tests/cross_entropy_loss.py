from otter.test_files import test_case

OK_FORMAT = False

name = "cross_entropy_loss"
points = None

@test_case(points=1, hidden=False)
def test_cross_entropy_loss_example(cross_entropy_loss):
    import numpy as np
    from bpcheck.compare import Mistake, expect_scalar
    logits = np.log(np.array([1.0, 2.0, 5.0]))
    y_true = np.array([0.0, 1.0, 0.0])
    got = cross_entropy_loss(logits.copy(), y_true.copy())
    p = np.array([1.0, 2.0, 5.0]) / 8
    expect_scalar(got, np.log(4.0), 'cross_entropy_loss(log([1, 2, 5]), [0, 1, 0])', mistakes=[Mistake('the minus sign is missing', -np.log(4.0)), Mistake('the loss is averaged over the classes instead of summed', np.log(4.0) / 3), Mistake('the log-probabilities are taken as the logits themselves: log p = z - log(sum(exp(z)))', -np.log(2.0)), Mistake('this is the mean squared error between softmax(logits) and y_true, not the cross-entropy -sum(y_true * log(softmax(logits)))', np.mean((p - y_true) ** 2))], hint='sum y_true * log-probabilities over the classes (for example with np.sum)')

