"""mlp_forward applies ReLU to the last layer too, so the logits are never negative."""
CLASS = "activation derivative"


def mlp_forward(X, params):
    A, cache = X, []
    for W, b in params:
        Z = A @ W + b
        cache.append((A, Z))
        A = np.maximum(0, Z)
    return A, cache
