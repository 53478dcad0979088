from otter.test_files import test_case

OK_FORMAT = False

name = "mlp_backward"
points = None

@test_case(points=2, hidden=False)
def test_mlp_backward_example(mlp_backward):
    import numpy as np
    from bpcheck.compare import Mistake, expect_pairs, expect_unchanged
    params = [(np.array([[1.0, -1.0], [0.5, 1.0]]), np.array([0.5, -0.5])), (np.array([[1.0, 2.0], [-1.0, 1.0]]), np.array([-1.0, 0.5])), (np.array([[0.5, -1.0], [1.0, -1.0]]), np.array([0.0, 0.0]))]
    cache = [(np.array([[1.0, 2.0], [-1.0, 0.5]]), np.array([[2.5, 0.5], [-0.25, 1.0]])), (np.array([[2.5, 0.5], [0.0, 1.0]]), np.array([[1.0, 6.0], [-2.0, 1.5]])), (np.array([[1.0, 6.0], [0.0, 1.5]]), np.array([[6.5, -7.0], [1.5, -1.5]]))]
    d_logits = np.array([[0.5, -0.5], [-0.25, 0.25]])
    d_copy = d_logits.copy()
    cache_copy = [(A.copy(), Z.copy()) for A, Z in cache]
    got = mlp_backward(d_copy, cache_copy, [(W.copy(), b.copy()) for W, b in params])
    expect_unchanged(d_logits, d_copy, 'd_logits')
    for i, ((A, Z), (A2, Z2)) in enumerate(zip(cache, cache_copy)):
        expect_unchanged(A, A2, f'cache[{i}][0]')
        expect_unchanged(Z, Z2, f'cache[{i}][1]')
    expected = [(np.array([[2.75, 0.75], [5.5, 0.25]]), np.array([2.75, -0.25])), (np.array([[1.875, 2.5], [0.375, 0.0]]), np.array([0.75, 0.5])), (np.array([[0.5, -0.5], [2.625, -2.625]]), np.array([0.25, -0.25]))]
    mistakes = {}
    for label, wrong in [('a ReLU derivative is applied at the last layer, which is linear: its d_Z is d_logits itself', [(np.array([[1.25, 0.5], [2.5, 0.375]]), np.array([1.25, 0.0])), (np.array([[0.625, 1.25], [0.125, 0.0]]), np.array([0.25, 0.25])), (np.array([[0.5, 0.0], [2.625, 0.0]]), np.array([0.25, 0.0]))]), ("the ReLU masks are taken from the incoming gradient: they must come from each layer's Z", [(np.array([[2.75, 0.25], [5.5, 0.5]]), np.array([2.75, 0.25])), (np.array([[1.875, 2.5], [0.375, 0.5]]), np.array([0.75, 1.0])), (np.array([[0.5, -0.5], [2.625, -2.625]]), np.array([0.25, -0.25]))]), ('the gradient is not propagated past the last layer: every layer uses d_logits instead of the d_X of the layer above', [(np.array([[0.5, -0.75], [1.0, -0.875]]), np.array([0.5, -0.25])), (np.array([[1.25, -1.25], [0.25, 0.0]]), np.array([0.5, -0.25])), (np.array([[0.5, -0.5], [2.625, -2.625]]), np.array([0.25, -0.25]))]), ('the bias gradients are averaged over the batch instead of summed', [(dW, db / 2) for dW, db in expected]), ('the weight gradients are divided by the batch size again', [(dW / 2, db) for dW, db in expected])]:
        for i, (dW, db) in enumerate(wrong):
            mistakes.setdefault(f'd_W of layer {i + 1}', []).append(Mistake(label, dW))
            mistakes.setdefault(f'd_b of layer {i + 1}', []).append(Mistake(label, db))
    expect_pairs(got, expected, ('d_W', 'd_b'), 'mlp_backward on a 2-2-2-2 network', mistakes=mistakes)

@test_case(points=3, hidden=True)
def test_mlp_backward_hidden_values(mlp_backward):
    from bpcheck import hidden
    hidden.run('mlp_backward', 'values', mlp_backward)

@test_case(points=2, hidden=True)
def test_mlp_backward_hidden_gradcheck(mlp_backward):
    from bpcheck import hidden
    hidden.run('mlp_backward', 'gradcheck', mlp_backward)

@test_case(points=1, hidden=True)
def test_mlp_backward_hidden_unchanged(mlp_backward):
    from bpcheck import hidden
    hidden.run('mlp_backward', 'unchanged', mlp_backward)

