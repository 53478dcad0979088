from otter.test_files import test_case

OK_FORMAT = False

name = "forward_pass"
points = None

@test_case(points=1, hidden=False)
def test_forward_pass_example(forward_pass):
    import numpy as np
    from bpcheck.compare import Mistake, expect_arrays
    x = np.array([1.0, 2.0])
    W1, b1 = (np.array([[1.0, -1.0, 0.5], [0.0, 1.0, -1.0]]), np.array([0.0, 0.5, 1.0]))
    W2, b2 = (np.array([[1.0, 0.0], [2.0, -1.0], [3.0, 1.0]]), np.array([0.5, -0.5]))
    try:
        got = forward_pass(x, W1, b1, W2, b2)
    except ValueError as exc:
        raise AssertionError(f'forward_pass raised ValueError on the worked example: {exc}\n  The shapes do not fit together: weights are stored (n_in, n_hidden), so W1 has shape (2, 3) for x of shape (2,), and z1 = x @ W1 + b1 (W1 @ x fits only a square W1). Likewise W2 is (n_hidden, n_out) = (3, 2): output = h1 @ W2 + b2.') from None
    expect_arrays(got, (np.array([1.0, 1.5, 0.0]), np.array([4.5, -2.0])), ('h1', 'output'), 'forward_pass on the worked example', mistakes={'h1': [Mistake('h1 is missing the ReLU: h1 = relu(x @ W1 + b1)', np.array([1.0, 1.5, -0.5]))], 'output': [Mistake('the output goes through a ReLU, but the output layer is linear: output = h1 @ W2 + b2', np.array([4.5, 0.0])), Mistake('b2 is not added to the output', np.array([4.0, -1.5]))]})

@test_case(points=1, hidden=True)
def test_forward_pass_hidden_values(forward_pass):
    from bpcheck import hidden
    hidden.run('forward_pass', 'values', forward_pass)

@test_case(points=1, hidden=True)
def test_forward_pass_hidden_unchanged(forward_pass):
    from bpcheck import hidden
    hidden.run('forward_pass', 'unchanged', forward_pass)

