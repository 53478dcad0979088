from otter.test_files import test_case

OK_FORMAT = False

name = "linear_backward"
points = None

@test_case(points=2, hidden=False)
def test_linear_backward_example(linear_backward):
    import numpy as np
    from bpcheck.compare import Mistake, expect_arrays, expect_unchanged
    X = np.array([[1.0, 2.0], [0.0, -1.0], [3.0, 1.0]])
    W = np.array([[1.0, -1.0], [2.0, 0.5]])
    d_Z = np.array([[1.0, 0.0], [-1.0, 2.0], [0.5, 1.0]])
    d_W, d_b, d_X = (np.array([[2.5, 3.0], [3.5, -1.0]]), np.array([0.5, 3.0]), np.array([[1.0, 2.0], [-3.0, -1.0], [-0.5, 1.5]]))
    args = [d_Z.copy(), X.copy(), W.copy()]
    try:
        got = linear_backward(*args)
    except ValueError as exc:
        raise AssertionError(f"linear_backward raised ValueError on a batch of 3: {exc}\n  The shapes do not fit together: d_Z is (B, n_out), X is (B, n_in) and W is (n_in, n_out). d_W must have W's shape, d_X the shape of X.") from None
    for before, after, name in zip([d_Z, X, W], args, ['d_Z', 'X', 'W']):
        expect_unchanged(before, after, name)
    B = 3
    expect_arrays(got, (d_W, d_b, d_X), ('d_W', 'd_b', 'd_X'), 'linear_backward on a batch of 3', mistakes={'d_W': [Mistake("d_W is transposed: it must have W's shape (n_in, n_out), X's side first", d_W.T), Mistake('d_W is divided by the batch size again: the 1/B is already inside d_Z', d_W / B)], 'd_b': [Mistake("d_b is not summed over the batch: one entry per output unit, the sum of d_Z's rows", d_Z), Mistake('d_b is averaged over the batch instead of summed: the 1/B is already inside d_Z', d_b / B)], 'd_X': [Mistake("d_X multiplies by W itself where W's transpose belongs", np.array([[1.0, -1.0], [3.0, 2.0], [2.5, 0.0]])), Mistake('d_X is divided by the batch size B: the 1/B is already inside d_Z', d_X / B)]})

@test_case(points=2, hidden=True)
def test_linear_backward_hidden_values(linear_backward):
    from bpcheck import hidden
    hidden.run('linear_backward', 'values', linear_backward)

@test_case(points=2, hidden=True)
def test_linear_backward_hidden_gradcheck(linear_backward):
    from bpcheck import hidden
    hidden.run('linear_backward', 'gradcheck', linear_backward)

@test_case(points=1, hidden=True)
def test_linear_backward_hidden_unchanged(linear_backward):
    from bpcheck import hidden
    hidden.run('linear_backward', 'unchanged', linear_backward)

