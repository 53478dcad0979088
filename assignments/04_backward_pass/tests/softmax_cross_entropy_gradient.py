from otter.test_files import test_case

OK_FORMAT = False

name = "softmax_cross_entropy_gradient"
points = None

@test_case(points=1, hidden=False)
def test_softmax_cross_entropy_gradient_finite_differences(softmax_cross_entropy_gradient, cross_entropy_loss):
    import numpy as np
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.compare import expect_array
    from bpcheck.gradcheck import numerical_gradient
    from bpcheck.public import call, check, works
    check(softmax_cross_entropy_gradient, {'function': 'softmax_cross_entropy_gradient', 'kind': 'array', 'what': 'softmax_cross_entropy_gradient([2, 1, 0.1, -1], [0, 1, 0, 0])', 'args': [np.array([2.0, 1.0, 0.1, -1.0]), np.array([0.0, 1.0, 0.0, 0.0])], 'argnames': ['logits', 'y_true'], 'expected': np.array([0.6380663511479376, -0.7652685073093954, 0.09543470311362204, 0.031767453047835854]), 'mistakes': [Mistake('the sign is flipped: the gradient is softmax(z) - y, not y - softmax(z)', np.array([-0.6380663511479376, 0.7652685073093954, -0.09543470311362204, -0.031767453047835854])), Mistake('this is the MSE gradient 2(softmax(z) - y)/n, not the cross-entropy gradient', np.array([0.3190331755739688, -0.3826342536546977, 0.04771735155681102, 0.015883726523917927])), Mistake('softmax(z) - y must use the softmax of the logits, not the logits themselves', np.array([2.0, 0.0, 0.1, -1.0])), Mistake('softmax(z) - y is divided by the number of classes: the loss sums over the classes, so the gradient is softmax(z) - y itself', np.array([0.1595165877869844, -0.19131712682734886, 0.02385867577840551, 0.007941863261958964])), Mistake('this is softmax(z) alone: y is not subtracted', np.array([0.6380663511479376, 0.2347314926906046, 0.09543470311362204, 0.031767453047835854]))]})
    check(softmax_cross_entropy_gradient, {'function': 'softmax_cross_entropy_gradient', 'kind': 'array', 'what': 'softmax_cross_entropy_gradient([1000, 0, -1000], [0, 1, 0])', 'args': [np.array([1000.0, 0.0, -1000.0]), np.array([0.0, 1.0, 0.0])], 'argnames': ['logits', 'y_true'], 'expected': np.array([1.0, -1.0, 0.0]), 'mistakes': [Mistake('the sign is flipped: the gradient is softmax(z) - y, not y - softmax(z)', np.array([-1.0, 1.0, 0.0])), Mistake('this is the MSE gradient 2(softmax(z) - y)/n, not the cross-entropy gradient', np.array([0.6666666666666666, -0.6666666666666666, 0.0])), Mistake('softmax(z) - y must use the softmax of the logits, not the logits themselves', np.array([1000.0, -1.0, -1000.0])), Mistake('softmax(z) - y is divided by the number of classes: the loss sums over the classes, so the gradient is softmax(z) - y itself', np.array([0.3333333333333333, -0.3333333333333333, 0.0])), Mistake('this is softmax(z) alone: y is not subtracted', np.array([1.0, 0.0, 0.0]))]})
    if not works(cross_entropy_loss, {'function': 'cross_entropy_loss', 'kind': 'scalar', 'what': 'cross_entropy_loss([2, 1, 0.1], [0, 1, 0])', 'args': [np.array([2.0, 1.0, 0.1]), np.array([0.0, 1.0, 0.0])], 'argnames': ['logits', 'y_true'], 'expected': 1.4170300162778335, 'mistakes': [Mistake('the minus sign is missing', -1.4170300162778335), Mistake("the loss takes log of the logits' softmax with the wrong base", 0.6154083167607381), Mistake('the loss is averaged over classes instead of summed', 0.47234333875927786), Mistake('the log-probabilities are taken as the logits themselves: a log-probability is the logit minus the log of the sum of all exponentials', -1.0), Mistake('this is the mean squared error between softmax(logits) and y_true, not the cross-entropy (minus the sum of y_true times the log-probabilities)', 0.33930184656015644)], 'hint': 'sum y_true times the log-probabilities over the classes (for example with np.sum)'}):
        return
    logits = np.array([1.2, -0.4, 2.1, 0.3, -1.5])
    y_true = np.array([0.0, 0.0, 0.0, 1.0, 0.0])
    numeric = numerical_gradient(lambda z: call(cross_entropy_loss, 'cross_entropy_loss', z, y_true), logits)
    got = call(softmax_cross_entropy_gradient, 'softmax_cross_entropy_gradient', logits.copy(), y_true.copy())
    expect_array(got, numeric, 'softmax_cross_entropy_gradient on 5 logits, against finite differences of your cross_entropy_loss (if it fails its own checks, mend it first)', atol=1e-07)

