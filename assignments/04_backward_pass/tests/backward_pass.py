from otter.test_files import test_case

OK_FORMAT = False

name = "backward_pass"
points = None

@test_case(points=1, hidden=False)
def test_backward_pass_shapes(backward_pass):
    import numpy as np
    from bpcheck.compare import expect_tuple
    rng = np.random.default_rng(3)
    x, y_true = (rng.normal(size=3), rng.normal(size=2))
    W1, b1 = (rng.normal(size=(3, 4)), rng.normal(size=4))
    W2, b2 = (rng.normal(size=(4, 2)), rng.normal(size=2))
    h1 = np.maximum(0, x @ W1 + b1)
    output = h1 @ W2 + b2
    try:
        got = backward_pass(x, y_true, W1, b1, W2, b2, h1, output)
    except ValueError as exc:
        raise AssertionError(f'backward_pass raised ValueError on a 3-4-2 network: {exc}\n  If the failing line computes d_h1: W2 has shape (4, 2) and d_output shape (2,), so d_h1 = W2 @ d_output, shape (4,). W2.T @ d_output does not fit.') from None
    got = expect_tuple(got, ('d_W1', 'd_b1', 'd_W2', 'd_b2'), 'backward_pass')
    for name, grad, param in zip(('d_W1', 'd_b1', 'd_W2', 'd_b2'), got, (W1, b1, W2, b2)):
        shape = np.shape(grad)
        if shape != param.shape:
            swapped = " The two axes are swapped: check the order of np.outer's arguments." if shape == param.shape[::-1] and len(shape) == 2 else ''
            raise AssertionError(f'{name} from backward_pass on a 3-4-2 network has shape {shape}, but it must have the shape of {name[2:]}, {param.shape}: every gradient has the shape of its parameter.{swapped}')

@test_case(points=1, hidden=False)
def test_backward_pass_finite_differences(backward_pass):
    import numpy as np
    from bpcheck.compare import Mistake, expect_arrays
    from bpcheck.gradcheck import numerical_gradient
    rng = np.random.default_rng(0)
    x, y_true = (rng.normal(size=3), rng.normal(size=4))
    W1, b1 = (rng.normal(size=(3, 4)), rng.normal(size=4))
    W2, b2 = (rng.normal(size=(4, 4)), rng.normal(size=4))
    b1 = b1 + np.where(np.abs(x @ W1 + b1) < 0.2, 0.5, 0.0)
    params = [W1, b1, W2, b2]

    def loss(i, value):
        p = list(params)
        p[i] = value
        out = np.maximum(0, x @ p[0] + p[1]) @ p[2] + p[3]
        return np.mean((out - y_true) ** 2)
    numeric = tuple((numerical_gradient(lambda v, i=i: loss(i, v), params[i]) for i in range(4)))
    z1 = x @ W1 + b1
    h1 = np.maximum(0, z1)
    output = h1 @ W2 + b2
    d_output = 2 * (output - y_true) / output.size
    w2t = W2.T @ d_output * (z1 > 0)
    no_relu = W2 @ d_output
    not_mse = "d_output is output - y_true, but the MSE's gradient is mse_gradient(output, y_true)"
    d_wrong = output - y_true
    d_z1_wrong = W2 @ d_wrong * (z1 > 0)
    mistakes = {'d_W1': [Mistake('d_h1 uses W2.T: with weights stored (n_in, n_out), d_h1 = W2 @ d_output', np.outer(x, w2t)), Mistake('the ReLU derivative is skipped: d_z1 = d_h1 * relu_gradient(z1)', np.outer(x, no_relu)), Mistake(not_mse, np.outer(x, d_z1_wrong))], 'd_b1': [Mistake('d_h1 uses W2.T: with weights stored (n_in, n_out), d_h1 = W2 @ d_output', w2t), Mistake('the ReLU derivative is skipped: d_z1 = d_h1 * relu_gradient(z1)', no_relu), Mistake(not_mse, d_z1_wrong)], 'd_W2': [Mistake('d_W2 is transposed: np.outer(h1, d_output), not np.outer(d_output, h1)', np.outer(d_output, h1)), Mistake(not_mse, np.outer(h1, d_wrong))], 'd_b2': [Mistake(not_mse, d_wrong)]}
    got = backward_pass(*(a.copy() for a in (x, y_true, W1, b1, W2, b2, h1, output)))
    expect_arrays(got, numeric, ('d_W1', 'd_b1', 'd_W2', 'd_b2'), 'backward_pass on a seeded 3-4-4 network, against finite differences of the MSE loss', mistakes=mistakes, atol=1e-07)

