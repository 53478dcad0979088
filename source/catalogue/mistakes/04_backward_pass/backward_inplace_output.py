"""backward_pass computes output - y_true in place, changing the caller's output array."""
CLASS = "in place"


def backward_pass(x, y_true, W1, b1, W2, b2, h1, output):
    output -= y_true
    d_output = 2 * output / output.size
    d_z1 = (W2 @ d_output) * relu_gradient(x @ W1 + b1)
    return np.outer(x, d_z1), d_z1, np.outer(h1, d_output), d_output
