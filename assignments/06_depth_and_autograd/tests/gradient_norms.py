from otter.test_files import test_case

OK_FORMAT = False

name = "gradient_norms"
points = None

@test_case(points=1, hidden=False)
def test_gradient_norms_example(gradient_norms):
    import numpy as np
    from bpcheck.compare import Mistake, expect_array, expect_unchanged
    grads = [(np.array([[3.0, 4.0], [0.0, 0.0]]), np.array([2.0, 1.0])), (np.array([[1.0], [2.0], [2.0]]), np.array([4.0])), (np.array([[0.0, 12.0], [5.0, 0.0]]), np.array([0.0, 1.0]))]
    given = [(w.copy(), b.copy()) for w, b in grads]
    got = gradient_norms(given)
    expect_array(got, np.array([5.0, 3.0, 13.0]), 'gradient_norms on three layers', mistakes=[Mistake('these are squared norms: take the square root of the sum of squares', np.array([25.0, 9.0, 169.0])), Mistake("the layers are in reverse order: the first entry must be the first layer's", np.array([13.0, 3.0, 5.0])), Mistake("the bias gradients are included: the norm is of each layer's weight gradient d_W only", np.array([5.477225575051661, 5.0, 13.038404810405298])), Mistake('these are the norms of the bias gradients d_b, not of the weight gradients d_W', np.array([2.23606797749979, 4.0, 1.0])), Mistake('this is the largest absolute entry of each d_W, not its norm', np.array([4.0, 2.0, 12.0])), Mistake('this is the sum of absolute values (L1), not the square root of the sum of squares', np.array([7.0, 5.0, 17.0])), Mistake('this is the matrix 2-norm (largest singular value): the course uses the Frobenius norm, the square root of the sum of all squared entries', np.array([5.0, 3.0, 12.0])), Mistake('this is the mean of the squared entries, not the square root of their sum', np.array([6.25, 3.0, 42.25]))])
    for i, ((w, b), (w_in, b_in)) in enumerate(zip(grads, given)):
        expect_unchanged(w, w_in, f'grads[{i}][0]')
        expect_unchanged(b, b_in, f'grads[{i}][1]')

