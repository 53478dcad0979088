"""backward_pass swaps np.outer's arguments for d_W1: np.outer(d_z1, x)."""
CLASS = "transpose"


def backward_pass(x, y_true, W1, b1, W2, b2, h1, output):
    d_output = mse_gradient(output, y_true)
    d_z1 = (W2 @ d_output) * relu_gradient(x @ W1 + b1)
    return np.outer(d_z1, x), d_z1, np.outer(h1, d_output), d_output
