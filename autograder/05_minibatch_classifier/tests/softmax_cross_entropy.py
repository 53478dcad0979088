from otter.test_files import test_case

OK_FORMAT = False

name = "softmax_cross_entropy"
points = None

@test_case(points=1, hidden=False)
def test_softmax_cross_entropy_example(softmax_cross_entropy):
    import numpy as np
    from bpcheck.compare import Mistake, expect_array, expect_scalar, expect_tuple, expect_unchanged
    logits = np.array([[2.0, 1.0, 0.0], [0.5, 1.5, -1.0], [0.0, 0.0, 3.0]])
    labels = np.array([2, 0, 1])
    args = [logits.copy(), labels.copy()]
    try:
        got = softmax_cross_entropy(*args)
    except (ValueError, IndexError) as exc:
        raise AssertionError(f'softmax_cross_entropy raised {type(exc).__name__}: {exc}\n  labels holds one integer class per row, shape (B,), not one-hot rows.') from None
    for before, after, name in zip([logits, labels], args, ['logits', 'labels']):
        expect_unchanged(before, after, name)
    loss, d_logits = expect_tuple(got, ('loss', 'd_logits'), 'softmax_cross_entropy')
    B, want_loss, want_d = (3, 2.291355984239, np.array([[0.221746985258, 0.081576157018, -0.303323142277], [-0.248761272788, 0.229890695375, 0.018870577413], [0.015092833581, -0.318240499752, 0.303147666171]]))
    expect_scalar(loss, want_loss, 'the loss from softmax_cross_entropy on a batch of 3', mistakes=[Mistake('the loss is summed over the batch: it must be the mean over the B rows', want_loss * B), Mistake('the minus sign is missing', -want_loss), Mistake("labels are used as one-hot rows: they are B integer classes; pick each row's log-probability at its label", 5.040734619385)], hint="average the B rows' losses (for example with np.mean)")
    expect_array(d_logits, want_d, 'd_logits from softmax_cross_entropy on a batch of 3', mistakes=[Mistake('the gradient is missing the 1/B of the mean: the loss averages over the batch', want_d * B), Mistake('the sign is flipped: softmax minus the one-hot labels, not the other way round', -want_d), Mistake("the gradient is the softmax alone: subtract 1 at each row's label", np.array([[0.221746985258, 0.081576157018, 0.030010191057], [0.084572060545, 0.229890695375, 0.018870577413], [0.015092833581, 0.015092833581, 0.303147666171]])), Mistake("labels are used as one-hot rows: they are B integer classes, so subtract 1 at each row's label", np.array([[-0.444919681408, 0.081576157018, -0.303323142277], [-0.582094606122, 0.229890695375, -0.31446275592], [-0.651573833085, 0.015092833581, -0.030185667162]]))])

@test_case(points=1, hidden=False)
def test_softmax_cross_entropy_large_logits(softmax_cross_entropy):
    import numpy as np
    from bpcheck.compare import expect_array, expect_scalar, expect_tuple
    logits = np.array([[1000.0, 0.0, -1000.0], [0.0, 1000.0, 999.0]])
    with np.errstate(all='ignore'):
        got = softmax_cross_entropy(logits.copy(), np.array([1, 1]))
    loss, d_logits = expect_tuple(got, ('loss', 'd_logits'), 'softmax_cross_entropy')
    what = "softmax_cross_entropy on logits of size 1000 (subtract each row's maximum first: log-sum-exp)"
    expect_scalar(loss, 500.1566308438, f'the loss from {what}', hint="average the B rows' losses (for example with np.mean)")
    expect_array(d_logits, np.array([[0.5, -0.5, 0.0], [0.0, -0.134470710685, 0.134470710685]]), f'd_logits from {what}')

@test_case(points=2, hidden=True)
def test_softmax_cross_entropy_hidden_values(softmax_cross_entropy):
    from bpcheck import hidden
    hidden.run('softmax_cross_entropy', 'values', softmax_cross_entropy)

@test_case(points=1, hidden=True)
def test_softmax_cross_entropy_hidden_gradcheck(softmax_cross_entropy):
    from bpcheck import hidden
    hidden.run('softmax_cross_entropy', 'gradcheck', softmax_cross_entropy)

@test_case(points=1, hidden=True)
def test_softmax_cross_entropy_hidden_stable(softmax_cross_entropy):
    from bpcheck import hidden
    hidden.run('softmax_cross_entropy', 'stable', softmax_cross_entropy)

@test_case(points=1, hidden=True)
def test_softmax_cross_entropy_hidden_unchanged(softmax_cross_entropy):
    from bpcheck import hidden
    hidden.run('softmax_cross_entropy', 'unchanged', softmax_cross_entropy)

