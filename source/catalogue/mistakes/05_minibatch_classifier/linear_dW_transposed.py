"""linear_backward computes d_W as d_Z.T @ X, the transpose of W's shape."""
CLASS = "transpose"


def linear_backward(d_Z, X, W):
    return d_Z.T @ X, d_Z.sum(axis=0), d_Z @ W.T
