from otter.test_files import test_case

OK_FORMAT = False

name = "accuracy"
points = None

@test_case(points=1, hidden=False)
def test_accuracy_example(accuracy):
    import numpy as np
    from bpcheck.compare import Mistake, expect_scalar, expect_unchanged
    logits = np.array([[2.0, 1.0, 0.0], [0.0, 1.0, 3.0], [1.0, 0.5, 0.0], [0.0, 2.0, -1.0]])
    labels = np.array([0, 2, 1, 0])
    args = [logits.copy(), labels.copy()]
    got = accuracy(*args)
    expect_unchanged(logits, args[0], 'logits')
    expect_scalar(got, 0.5, 'accuracy on 4 samples, 2 of them right', mistakes=[Mistake('this is a percentage: return the fraction in [0, 1]', 50.0), Mistake('this is the number of right predictions: return the fraction of the batch', 2.0)], hint='the mean of a boolean array is the fraction of True entries')

