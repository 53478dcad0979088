"""forward_pass accumulates z1 in the bias array b1 itself, changing the caller's b1."""
CLASS = "in place"


def forward_pass(x, W1, b1, W2, b2):
    z1 = b1
    z1 += x @ W1
    h1 = np.maximum(0, z1)
    return h1, h1 @ W2 + b2
