"""gradient_norms with np.einsum for the sum of squares."""
CLASS = "correct"


def gradient_norms(grads):
    return np.sqrt(np.array([np.einsum("ij,ij->", d_W, d_W) for d_W, _ in grads]))
