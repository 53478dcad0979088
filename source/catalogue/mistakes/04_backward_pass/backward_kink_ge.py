"""backward_pass builds the ReLU mask with z1 >= 0: wrong where z1 is exactly 0 (relu'(0) = 0)."""
CLASS = "kink"


def backward_pass(x, y_true, W1, b1, W2, b2, h1, output):
    d_output = mse_gradient(output, y_true)
    z1 = x @ W1 + b1
    d_z1 = (W2 @ d_output) * (z1 >= 0)
    return np.outer(x, d_z1), d_z1, np.outer(h1, d_output), d_output
