"""gradient_norms returns squared norms."""
CLASS = "wrong scale"


def gradient_norms(grads):
    return np.array([np.sum(d_W ** 2) for d_W, _ in grads])
