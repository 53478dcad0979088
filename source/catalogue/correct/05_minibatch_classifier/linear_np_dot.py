"""linear_backward with np.dot and a list result."""
CLASS = "correct"


def linear_backward(d_Z, X, W):
    return [np.dot(X.T, d_Z), np.sum(d_Z, axis=0), np.dot(d_Z, W.T)]
