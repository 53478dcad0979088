"""forward_pass computes W1 @ x and W2 @ h1, the transposed products (they run only on square weights)."""
CLASS = "transpose"


def forward_pass(x, W1, b1, W2, b2):
    h1 = np.maximum(0, W1 @ x + b1)
    return h1, W2 @ h1 + b2
