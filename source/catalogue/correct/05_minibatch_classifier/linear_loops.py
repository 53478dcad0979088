"""linear_backward as a sum of part 3's per-sample outer products, in a Python loop."""
CLASS = "correct"


def linear_backward(d_Z, X, W):
    d_W = np.zeros(W.shape)
    d_b = np.zeros(W.shape[1])
    d_X = np.zeros(X.shape)
    for i in range(X.shape[0]):
        d_W += np.outer(X[i], d_Z[i])
        d_b += d_Z[i]
        d_X[i] = W @ d_Z[i]
    return d_W, d_b, d_X
