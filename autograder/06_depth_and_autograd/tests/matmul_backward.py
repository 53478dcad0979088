from otter.test_files import test_case

OK_FORMAT = False

name = "matmul_backward"
points = None

@test_case(points=1, hidden=False)
def test_matmul_backward_examples(matmul_backward):
    import numpy as np
    from bpcheck.compare import Mistake, expect_arrays, expect_unchanged
    cases = [('a (2, 3) @ b (3, 2)', np.array([[1.0, -2.0], [0.5, 1.0]]), np.array([[1.0, 2.0, 0.0], [-1.0, 3.0, 1.0]]), np.array([[2.0, 1.0], [0.0, -1.0], [1.0, 3.0]]), (np.array([[0.0, 2.0, -5.0], [2.0, -1.0, 3.5]]), np.array([[0.5, -3.0], [3.5, -1.0], [0.5, 1.0]])), {'d_a': [Mistake('d_a is the transpose of the expected one: the factors are in the wrong order', np.array([[0.0, 2.0], [2.0, -1.0], [-5.0, 3.5]]))], 'd_b': [Mistake('d_b is the transpose of the expected one: the factors are in the wrong order', np.array([[0.5, 3.5, 0.5], [-3.0, -1.0, 1.0]]))]}), ('square a (2, 2) @ b (2, 2)', np.array([[1.0, 0.0], [-1.0, 2.0]]), np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([[0.0, 1.0], [2.0, 1.0]]), (np.array([[0.0, 2.0], [2.0, 0.0]]), np.array([[-2.0, 6.0], [3.0, -2.0]])), {'d_a': [Mistake("d_a multiplies by b where b's transpose belongs (this runs only for a square b)", np.array([[0.0, 1.0], [4.0, 1.0]]))], 'd_b': [Mistake("d_b multiplies by a where a's transpose belongs (this runs only for a square a)", np.array([[-1.0, 4.0], [4.0, -2.0]])), Mistake('d_b is the transpose of the expected one: the factors are in the wrong order', np.array([[-2.0, 3.0], [6.0, -2.0]]))]})]
    for label, d_out, a, b, expected, mistakes in cases:
        d_in, a_in, b_in = (d_out.copy(), a.copy(), b.copy())
        try:
            got = matmul_backward(d_in, a_in, b_in)
        except ValueError as exc:
            raise AssertionError(f"matmul_backward raised ValueError on {label}: {exc}\n  d_out has shape {d_out.shape}: d_a must come out with a's shape {a.shape} and d_b with b's shape {b.shape}; check which factor is transposed.") from None
        expect_arrays(got, expected, ('d_a', 'd_b'), f'matmul_backward with {label}', mistakes=mistakes)
        for name, before, after in [('d_out', d_out, d_in), ('a', a, a_in), ('b', b, b_in)]:
            expect_unchanged(before, after, name)

@test_case(points=2, hidden=True)
def test_matmul_backward_hidden_values(matmul_backward):
    from bpcheck import hidden
    hidden.run('matmul_backward', 'values', matmul_backward)

@test_case(points=1, hidden=True)
def test_matmul_backward_hidden_gradcheck(matmul_backward):
    from bpcheck import hidden
    hidden.run('matmul_backward', 'gradcheck', matmul_backward)

@test_case(points=1, hidden=True)
def test_matmul_backward_hidden_unchanged(matmul_backward):
    from bpcheck import hidden
    hidden.run('matmul_backward', 'unchanged', matmul_backward)

