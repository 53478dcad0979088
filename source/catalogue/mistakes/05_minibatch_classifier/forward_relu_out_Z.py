"""mlp_forward applies ReLU with np.maximum(0, Z, out=Z), overwriting the cached pre-activation Z."""
CLASS = "in place"


def mlp_forward(X, params):
    A, cache = X, []
    for i, (W, b) in enumerate(params):
        Z = A @ W + b
        cache.append((A, Z))
        A = Z if i == len(params) - 1 else np.maximum(0, Z, out=Z)
    return A, cache
