from otter.test_files import test_case

OK_FORMAT = False

name = "softmax"
points = None

@test_case(points=1, hidden=False)
def test_softmax_example(softmax):
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.public import check
    check(softmax, {'function': 'softmax', 'kind': 'array', 'what': 'softmax([0, 1, 2])', 'args': [np.array([0.0, 1.0, 2.0])], 'argnames': ['z'], 'expected': np.array([0.09003057317038046, 0.24472847105479764, 0.6652409557748218]), 'mistakes': [Mistake('the batch is normalised over the wrong axis (columns instead of rows): each row must sum to 1, so normalise along the last axis', np.array([0.09003057317038046, 0.24472847105479764, 0.6652409557748219])), Mistake('the batch is normalised over all entries at once, not row by row', np.array([0.09003057317038046, 0.24472847105479764, 0.6652409557748219])), Mistake('the exponentials are not normalised to sum to 1', np.array([1.0, 2.718281828459045, 7.38905609893065]))]})
    check(softmax, {'function': 'softmax', 'kind': 'array', 'what': 'softmax on a batch of 2 rows (each row must sum to 1)', 'args': [np.array([[0.0, 1.0, 2.0], [1.0, 1.0, -1.0]])], 'argnames': ['z'], 'expected': np.array([[0.09003057317038046, 0.24472847105479764, 0.6652409557748218], [0.4683105308334812, 0.4683105308334812, 0.06337893833303762]]), 'mistakes': [Mistake('the batch is normalised over the wrong axis (columns instead of rows): each row must sum to 1, so normalise along the last axis', np.array([[0.2689414213699951, 0.5, 0.9525741268224331], [0.7310585786300049, 0.5, 0.04742587317756678]])), Mistake('the batch is normalised over all entries at once, not row by row', np.array([[0.0591303777226895, 0.1607330312735064, 0.4369176781439119], [0.1607330312735064, 0.1607330312735064, 0.021752850312879317]])), Mistake('the exponentials are not normalised to sum to 1', np.array([[1.0, 2.718281828459045, 7.38905609893065], [2.718281828459045, 2.718281828459045, 0.36787944117144233]]))]})

@test_case(points=1, hidden=False)
def test_softmax_large_logits(softmax):
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.public import check
    check(softmax, {'function': 'softmax', 'kind': 'array', 'what': "softmax on a batch of large logits and logits hundreds apart (subtract each row's maximum before np.exp)", 'args': [np.array([[1000.0, 1001.0, 1002.0], [-1.0, 0.0, 1.0], [0.0, 800.0, -800.0]])], 'argnames': ['z'], 'expected': np.array([[0.09003057317038046, 0.24472847105479764, 0.6652409557748218], [0.09003057317038046, 0.24472847105479764, 0.6652409557748218], [0.0, 1.0, 0.0]]), 'mistakes': [Mistake('the batch is normalised over the wrong axis (columns instead of rows): each row must sum to 1, so normalise along the last axis', np.array([[np.nan, np.nan, np.nan], [0.0, 0.0, 0.0], [0.0, np.nan, 0.0]])), Mistake('the batch is normalised over all entries at once, not row by row', np.array([[np.nan, np.nan, np.nan], [0.0, 0.0, 0.0], [0.0, np.nan, 0.0]])), Mistake('the exponentials are not normalised to sum to 1', np.array([[np.inf, np.inf, np.inf], [0.36787944117144233, 1.0, 2.718281828459045], [1.0, np.inf, 0.0]]))]})

@test_case(points=2, hidden=True)
def test_softmax_hidden_values(softmax):
    from bpcheck import hidden
    hidden.run('softmax', 'values', softmax)

@test_case(points=1, hidden=True)
def test_softmax_hidden_stable(softmax):
    from bpcheck import hidden
    hidden.run('softmax', 'stable', softmax)

@test_case(points=1, hidden=True)
def test_softmax_hidden_unchanged(softmax):
    from bpcheck import hidden
    hidden.run('softmax', 'unchanged', softmax)

