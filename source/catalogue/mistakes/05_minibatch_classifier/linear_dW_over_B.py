"""linear_backward divides d_W by the batch size again, though the 1/B is already inside d_Z."""
CLASS = "wrong scale"


def linear_backward(d_Z, X, W):
    B = X.shape[0]
    return X.T @ d_Z / B, d_Z.sum(axis=0), d_Z @ W.T
