"""backward_pass starts from 2 (y_true - output) / n: the loss gradient's sign is flipped."""
CLASS = "sign"


def backward_pass(x, y_true, W1, b1, W2, b2, h1, output):
    d_output = 2 * (y_true - output) / output.size
    d_z1 = (W2 @ d_output) * relu_gradient(x @ W1 + b1)
    return np.outer(x, d_z1), d_z1, np.outer(h1, d_output), d_output
