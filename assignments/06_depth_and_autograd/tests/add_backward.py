from otter.test_files import test_case

OK_FORMAT = False

name = "add_backward"
points = None

@test_case(points=1, hidden=False)
def test_add_backward_examples(add_backward):
    import numpy as np
    from bpcheck.compare import Mistake, expect_arrays, expect_unchanged
    d_out = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    square = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 10.0]])
    not_summed = "not summed back to the operand's shape: broadcasting stretched this operand, so its gradient must be summed over the stretched axes"
    cases = [('equal shapes (2, 3) + (2, 3)', d_out, np.full((2, 3), 0.5), np.full((2, 3), -1.0), (d_out, d_out), {}), ('a bias (3,) added to a batch (2, 3)', d_out, np.full((2, 3), 0.5), np.array([1.0, -1.0, 2.0]), (d_out, np.array([5.0, 7.0, 9.0])), {'d_b': [Mistake(not_summed, d_out), Mistake('averaged over the batch instead of summed: every row used the same operand, so their gradients add up', np.array([2.5, 3.5, 4.5])), Mistake('summed over every axis into one number', np.array(21.0))]}), ('a bias (3,) added to a square batch (3, 3)', square, np.full((3, 3), 0.5), np.array([1.0, -1.0, 2.0]), (square, np.array([12.0, 15.0, 19.0])), {'d_b': [Mistake('summed over the wrong axis: sum over the rows (the batch), one entry per column', np.array([6.0, 15.0, 25.0])), Mistake(not_summed, square)]}), ('a column (2, 1) plus a row (1, 3)', d_out, np.array([[1.0], [2.0]]), np.array([[0.5, 1.0, 1.5]]), (np.array([[6.0], [15.0]]), np.array([[5.0, 7.0, 9.0]])), {'d_a': [Mistake(not_summed, d_out)], 'd_b': [Mistake(not_summed, d_out)]}), ('a scalar (shape ()) plus a (2, 3) array', d_out, np.array(2.0), np.full((2, 3), 0.5), (np.array(21.0), d_out), {'d_a': [Mistake(not_summed, d_out)]})]
    for label, d, a, b, expected, mistakes in cases:
        d_in, a_in, b_in = (d.copy(), a.copy(), b.copy())
        got = add_backward(d_in, a_in, b_in)
        expect_arrays(got, expected, ('d_a', 'd_b'), f'add_backward with {label}', mistakes=mistakes)
        for name, before, after in [('d_out', d, d_in), ('a', a, a_in), ('b', b, b_in)]:
            expect_unchanged(before, after, name)

@test_case(points=1, hidden=False)
def test_add_backward_bias_first(add_backward):
    import numpy as np
    from bpcheck.compare import Mistake, expect_arrays
    d_out = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    got = add_backward(d_out.copy(), np.array([1.0, -1.0, 2.0]), np.full((2, 3), 0.5))
    expect_arrays(got, (np.array([5.0, 7.0, 9.0]), d_out), ('d_a', 'd_b'), 'add_backward with a bias (3,) as the first operand and a batch (2, 3) as the second', mistakes={'d_a': [Mistake("not summed back to the operand's shape: broadcasting stretched it, so sum over the stretched axes", d_out), Mistake('averaged over the rows instead of summed', np.array([2.5, 3.5, 4.5]))]})

