"""backward_pass starts from (output - y_true) / n: the MSE gradient's factor 2 is missing."""
CLASS = "wrong scale"


def backward_pass(x, y_true, W1, b1, W2, b2, h1, output):
    d_output = (output - y_true) / output.size
    d_z1 = (W2 @ d_output) * relu_gradient(x @ W1 + b1)
    return np.outer(x, d_z1), d_z1, np.outer(h1, d_output), d_output
