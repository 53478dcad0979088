"""forward_pass returns (output, h1) instead of (h1, output)."""
CLASS = "order/shape"


def forward_pass(x, W1, b1, W2, b2):
    h1 = np.maximum(0, x @ W1 + b1)
    return h1 @ W2 + b2, h1
