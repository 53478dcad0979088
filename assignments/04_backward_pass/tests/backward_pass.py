from otter.test_files import test_case

OK_FORMAT = False

name = "backward_pass"
points = None

@test_case(points=1, hidden=False)
def test_backward_pass_shapes(backward_pass):
    import numpy as np
    from bpcheck.compare import as_array, expect_tuple
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
    names = ('d_W1', 'd_b1', 'd_W2', 'd_b2')
    got = expect_tuple(got, names, 'backward_pass')
    params = (W1, b1, W2, b2)
    shapes = [as_array(grad, f'{name} from backward_pass').shape for name, grad in zip(names, got)]
    if shapes != [p.shape for p in params] and sorted(shapes) == sorted((p.shape for p in params)):
        moved = '; '.join((f'position {i + 1} has the shape of {n}, {s}' for i, s in enumerate(shapes) for n, p in zip(names, params) if p.shape == s and n != names[i]))
        raise AssertionError(f'backward_pass on a 3-4-2 network returns its results in the wrong order: {moved}. Return (d_W1, d_b1, d_W2, d_b2), each with the shape of its parameter.')
    for name, shape, param in zip(names, shapes, params):
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
    n = output.size
    d_output = 2 * (output - y_true) / n

    def grads(d_o=d_output, d_h1=lambda d: W2 @ d, act=(z1 > 0).astype(float)):
        """The four gradients a backward pass computes from d_output, with its rules for d_h1 and the derivative."""
        d_z1 = d_h1(d_o) * act
        return {'d_W1': np.outer(x, d_z1), 'd_b1': d_z1, 'd_W2': np.outer(h1, d_o), 'd_b2': d_o}
    names = ('d_W1', 'd_b1', 'd_W2', 'd_b2')
    variants = [("d_output is output - y_true, but the MSE's gradient is mse_gradient(output, y_true)", grads(d_o=output - y_true)), ("the MSE gradient's factor 2 is missing: d_output = mse_gradient(output, y_true) = 2 (output - y_true) / n", grads(d_o=(output - y_true) / n)), ('the sign is flipped: d_output = mse_gradient(output, y_true) = 2 (output - y_true) / n, not 2 (y_true - output) / n', grads(d_o=-d_output)), ('d_output is not divided by n: mse_loss averages over the n outputs, so d_output = mse_gradient(output, y_true) = 2 (output - y_true) / n', grads(d_o=2 * (output - y_true))), ('a ReLU derivative is applied at the output layer, which is linear: d_output = mse_gradient(output, y_true), with no mask', grads(d_o=d_output * (output > 0))), ('d_h1 uses W2.T: with weights stored (n_in, n_out), d_h1 = W2 @ d_output', grads(d_h1=lambda d: W2.T @ d)), ('the ReLU derivative is skipped: d_z1 = d_h1 * relu_gradient(z1)', grads(act=np.ones_like(z1))), ("the hidden layer's derivative uses h1 = relu(z1) where relu_gradient(z1) belongs: d_z1 = d_h1 * relu_gradient(z1)", grads(act=h1))]
    mistakes = {name: [] for name in names}
    mistakes['d_W2'].append(Mistake('d_W2 is transposed: np.outer(h1, d_output), not np.outer(d_output, h1)', np.outer(d_output, h1)))
    for label, wrong in variants:
        for name in names:
            mistakes[name].append(Mistake(label, wrong[name]))
    got = backward_pass(*(a.copy() for a in (x, y_true, W1, b1, W2, b2, h1, output)))
    expect_arrays(got, numeric, names, 'backward_pass on a seeded 3-4-4 network, against finite differences of the MSE loss', mistakes=mistakes, atol=1e-07)

