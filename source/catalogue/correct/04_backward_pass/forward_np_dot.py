"""forward_pass with np.dot, W.T @ x and np.where for the ReLU."""
CLASS = "correct"


def forward_pass(x, W1, b1, W2, b2):
    z1 = np.dot(W1.T, x) + b1
    h1 = np.where(z1 > 0, z1, 0.0)
    return h1, np.dot(h1, W2) + b2
