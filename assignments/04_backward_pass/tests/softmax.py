from otter.test_files import test_case

OK_FORMAT = False

name = "softmax"
points = None

@test_case(points=1, hidden=False)
def test_softmax_example(softmax):
    import numpy as np
    from bpcheck.compare import Mistake, expect_array
    z = np.log(np.array([1.0, 2.0, 3.0]))
    expect_array(softmax(z.copy()), np.array([1.0, 2.0, 3.0]) / 6, 'softmax(log([1, 2, 3]))', mistakes=[Mistake('the exponentials are not divided by their sum, so they do not sum to 1', np.array([1.0, 2.0, 3.0]))])
    batch = np.log(np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 2.0]]))
    e = np.exp(batch)
    expect_array(softmax(batch.copy()), e / e.sum(axis=1, keepdims=True), 'softmax on a batch of 2 rows (each row must sum to 1)', mistakes=[Mistake('each column sums to 1 instead of each row: normalise along the last axis (axis=-1, keepdims=True)', e / e.sum(axis=0, keepdims=True)), Mistake('the whole batch sums to 1 instead of each row: sum along the last axis only (axis=-1, keepdims=True)', e / e.sum())])

@test_case(points=1, hidden=False)
def test_softmax_large_logits(softmax):
    import numpy as np
    from bpcheck.compare import expect_array
    e = np.exp(np.array([-2.0, -1.0, 0.0]))
    with np.errstate(over='ignore', invalid='ignore'):
        got = softmax(np.array([1000.0, 1001.0, 1002.0]))
    expect_array(got, e / e.sum(), 'softmax([1000, 1001, 1002]) (exp(1000) overflows: subtract the maximum first)')

