"""backward_pass taking the ReLU mask from h1 > 0 (equal to z1 > 0 for ReLU), with np.dot."""
CLASS = "correct"


def backward_pass(x, y_true, W1, b1, W2, b2, h1, output):
    d_output = 2 * (output - y_true) / output.size
    d_h1 = np.dot(W2, d_output)
    d_z1 = d_h1 * (h1 > 0)
    return np.outer(x, d_z1), d_z1, np.outer(h1, d_output), d_output
