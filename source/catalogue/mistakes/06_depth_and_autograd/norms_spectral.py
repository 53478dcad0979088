"""gradient_norms uses the matrix 2-norm (largest singular value) instead of the Frobenius norm."""
CLASS = "wrong scale"


def gradient_norms(grads):
    return np.array([np.linalg.norm(d_W, 2) for d_W, _ in grads])
