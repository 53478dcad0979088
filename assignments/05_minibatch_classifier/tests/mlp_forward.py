from otter.test_files import test_case

OK_FORMAT = False

name = "mlp_forward"
points = None

@test_case(points=1, hidden=False)
def test_mlp_forward_example(mlp_forward):
    import numpy as np
    from bpcheck.compare import Mistake, expect_array, expect_pairs, expect_tuple, expect_unchanged
    X = np.array([[1.0, -1.0], [2.0, 0.5]])
    params = [(np.array([[1.0, 0.5, -1.0], [2.0, -1.0, 0.5]]), np.array([0.5, 0.0, 1.0])), (np.array([[1.0, -1.0], [0.5, 2.0], [-1.0, 1.0]]), np.array([0.0, -3.0]))]
    given = [X.copy(), [(W.copy(), b.copy()) for W, b in params]]
    got = mlp_forward(*given)
    expect_unchanged(X, given[0], 'X')
    for i, ((W, b), (W2, b2)) in enumerate(zip(params, given[1])):
        expect_unchanged(W, W2, f'params[{i}][0]')
        expect_unchanged(b, b2, f'params[{i}][1]')
    logits, cache = expect_tuple(got, ('logits', 'cache'), 'mlp_forward')
    want = np.array([[0.75, 0.0], [3.75, -5.5]])
    expect_array(logits, want, 'the logits from mlp_forward on a 2-3-2 network', mistakes=[Mistake('the last layer goes through ReLU: the logits come from a linear last layer', np.array([[0.75, 0.0], [3.75, 0.0]])), Mistake('the hidden layers have no ReLU', np.array([[0.75, 0.0], [4.5, -6.25]]))])
    expect_pairs(cache, [(X, np.array([[-0.5, 1.5, -0.5], [3.5, 0.5, -0.75]])), (np.array([[0.0, 1.5, 0.0], [3.5, 0.5, 0.0]]), want)], ('A', 'Z'), 'the cache from mlp_forward', mistakes={'A of layer 2': [Mistake("the cache holds the layer below's Z where its ReLU output A = relu(Z) belongs", np.array([[-0.5, 1.5, -0.5], [3.5, 0.5, -0.75]]))], 'Z of layer 1': [Mistake("the cached Z is the ReLU's output: the pre-activation was overwritten in place (np.maximum(..., out=Z) or Z[Z < 0] = 0); build a new array for A", np.array([[0.0, 1.5, 0.0], [3.5, 0.5, 0.0]]))]})

