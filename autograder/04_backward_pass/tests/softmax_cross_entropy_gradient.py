from otter.test_files import test_case

OK_FORMAT = False

name = "softmax_cross_entropy_gradient"
points = None

@test_case(points=1, hidden=False)
def test_softmax_cross_entropy_gradient_finite_differences(softmax_cross_entropy_gradient):
    import numpy as np
    from bpcheck.compare import Mistake, expect_array
    from bpcheck.gradcheck import numerical_gradient
    rng = np.random.default_rng(2)
    logits = 2 * rng.normal(size=5)
    y_true = np.array([0.0, 0.0, 0.0, 1.0, 0.0])

    def loss(z):
        shifted = z - np.max(z)
        return -np.sum(y_true * (shifted - np.log(np.sum(np.exp(shifted)))))
    numeric = numerical_gradient(loss, logits)
    e = np.exp(logits - np.max(logits))
    p = e / e.sum()
    got = softmax_cross_entropy_gradient(logits.copy(), y_true.copy())
    expect_array(got, numeric, 'softmax_cross_entropy_gradient on 5 random logits, against finite differences of the cross-entropy loss', mistakes=[Mistake('this is logits - y_true: subtract y_true from softmax(logits), not from the logits', logits - y_true), Mistake('this is softmax(logits) alone: y_true is not subtracted', p), Mistake('this is the MSE gradient 2 (softmax - y) / n, not the cross-entropy gradient', 2 * (p - y_true) / 5), Mistake('softmax(logits) - y_true is divided by the number of classes n: the loss sums over the classes, so the gradient is softmax(logits) - y_true itself', (p - y_true) / 5)], atol=1e-07)

@test_case(points=2, hidden=True)
def test_softmax_cross_entropy_gradient_hidden_values(softmax_cross_entropy_gradient):
    from bpcheck import hidden
    hidden.run('softmax_cross_entropy_gradient', 'values', softmax_cross_entropy_gradient)

@test_case(points=1, hidden=True)
def test_softmax_cross_entropy_gradient_hidden_gradcheck(softmax_cross_entropy_gradient):
    from bpcheck import hidden
    hidden.run('softmax_cross_entropy_gradient', 'gradcheck', softmax_cross_entropy_gradient)

@test_case(points=1, hidden=True)
def test_softmax_cross_entropy_gradient_hidden_stable(softmax_cross_entropy_gradient):
    from bpcheck import hidden
    hidden.run('softmax_cross_entropy_gradient', 'stable', softmax_cross_entropy_gradient)

@test_case(points=1, hidden=True)
def test_softmax_cross_entropy_gradient_hidden_unchanged(softmax_cross_entropy_gradient):
    from bpcheck import hidden
    hidden.run('softmax_cross_entropy_gradient', 'unchanged', softmax_cross_entropy_gradient)

