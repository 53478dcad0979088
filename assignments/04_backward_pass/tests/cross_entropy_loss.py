from otter.test_files import test_case

OK_FORMAT = False

name = "cross_entropy_loss"
points = None

@test_case(points=1, hidden=False)
def test_cross_entropy_loss_example(cross_entropy_loss):
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.public import check
    check(cross_entropy_loss, {'function': 'cross_entropy_loss', 'kind': 'scalar', 'what': 'cross_entropy_loss([2, 1, 0.1], [0, 1, 0])', 'args': [np.array([2.0, 1.0, 0.1]), np.array([0.0, 1.0, 0.0])], 'argnames': ['logits', 'y_true'], 'expected': 1.4170300162778335, 'mistakes': [Mistake('the minus sign is missing', -1.4170300162778335), Mistake("the loss takes log of the logits' softmax with the wrong base", 0.6154083167607381), Mistake('the loss is averaged over classes instead of summed', 0.47234333875927786), Mistake('the log-probabilities are taken as the logits themselves: a log-probability is the logit minus the log of the sum of all exponentials', -1.0), Mistake('this is the mean squared error between softmax(logits) and y_true, not the cross-entropy (minus the sum of y_true times the log-probabilities)', 0.33930184656015644)], 'hint': 'sum y_true times the log-probabilities over the classes (for example with np.sum)'})
    check(cross_entropy_loss, {'function': 'cross_entropy_loss', 'kind': 'scalar', 'what': 'cross_entropy_loss([1000, 0, -1000], [0, 1, 0]) (use a stable log-softmax)', 'args': [np.array([1000.0, 0.0, -1000.0]), np.array([0.0, 1.0, 0.0])], 'argnames': ['logits', 'y_true'], 'expected': 1000.0, 'mistakes': [Mistake('the minus sign is missing', -1000.0), Mistake("the loss takes log of the logits' softmax with the wrong base", np.nan), Mistake('the loss is averaged over classes instead of summed', 333.3333333333333), Mistake('the log-probabilities are taken as the logits themselves: a log-probability is the logit minus the log of the sum of all exponentials', -0.0), Mistake('this is the mean squared error between softmax(logits) and y_true, not the cross-entropy (minus the sum of y_true times the log-probabilities)', 0.6666666666666666), Mistake('log(softmax + 1e-8) caps the loss near 18.4 once a probability underflows to 0: compute the log-probabilities directly with the log-sum-exp trick, never the log of a probability', 18.420680743952367)], 'hint': 'sum y_true times the log-probabilities over the classes (for example with np.sum)'})

