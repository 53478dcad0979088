"""backward_pass computes d_h1 = W2.T @ d_output, the handout's bug (it runs only when W2 is square)."""
CLASS = "transpose"


def backward_pass(x, y_true, W1, b1, W2, b2, h1, output):
    d_output = mse_gradient(output, y_true)
    d_z1 = (W2.T @ d_output) * relu_gradient(x @ W1 + b1)
    return np.outer(x, d_z1), d_z1, np.outer(h1, d_output), d_output
