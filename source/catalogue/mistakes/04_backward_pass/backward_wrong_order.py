"""backward_pass returns (d_W2, d_b2, d_W1, d_b1), the backward order, instead of (d_W1, d_b1, d_W2, d_b2)."""
CLASS = "order/shape"


def backward_pass(x, y_true, W1, b1, W2, b2, h1, output):
    d_output = mse_gradient(output, y_true)
    d_z1 = (W2 @ d_output) * relu_gradient(x @ W1 + b1)
    return np.outer(h1, d_output), d_output, np.outer(x, d_z1), d_z1
