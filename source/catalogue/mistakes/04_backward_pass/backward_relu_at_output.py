"""backward_pass also applies a ReLU derivative at the linear output layer (the derivative applied twice)."""
CLASS = "activation derivative"


def backward_pass(x, y_true, W1, b1, W2, b2, h1, output):
    d_output = mse_gradient(output, y_true) * relu_gradient(output)
    d_z1 = (W2 @ d_output) * relu_gradient(x @ W1 + b1)
    return np.outer(x, d_z1), d_z1, np.outer(h1, d_output), d_output
