"""backward_pass starts from 2 (output - y_true), the gradient of the summed squared error, not the mean."""
CLASS = "wrong scale"


def backward_pass(x, y_true, W1, b1, W2, b2, h1, output):
    d_output = 2 * (output - y_true)
    d_z1 = (W2 @ d_output) * relu_gradient(x @ W1 + b1)
    return np.outer(x, d_z1), d_z1, np.outer(h1, d_output), d_output
