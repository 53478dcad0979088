"""linear_backward averages the bias gradient over the batch instead of summing it."""
CLASS = "wrong scale"


def linear_backward(d_Z, X, W):
    return X.T @ d_Z, d_Z.mean(axis=0), d_Z @ W.T
