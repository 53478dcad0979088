"""linear_backward multiplies d_Z by W instead of W.T for d_X (fits only square weights)."""
CLASS = "transpose"


def linear_backward(d_Z, X, W):
    return X.T @ d_Z, d_Z.sum(axis=0), d_Z @ W
