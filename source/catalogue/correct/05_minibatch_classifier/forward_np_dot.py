"""mlp_forward with np.dot and the hidden ReLU written as a mask."""
CLASS = "correct"


def mlp_forward(X, params):
    A, cache = X, []
    for i, (W, b) in enumerate(params):
        Z = np.dot(A, W) + b
        cache.append((A, Z))
        A = Z * (Z > 0) if i < len(params) - 1 else Z
    return A, cache
