"""backward_pass takes the ReLU derivative at the input x instead of at z1 (runs only when n_in == n_hidden)."""
CLASS = "activation derivative"


def backward_pass(x, y_true, W1, b1, W2, b2, h1, output):
    d_output = mse_gradient(output, y_true)
    d_z1 = (W2 @ d_output) * relu_gradient(x)
    return np.outer(x, d_z1), d_z1, np.outer(h1, d_output), d_output
