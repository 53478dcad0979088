"""gradient_norms includes the bias gradients in each layer's norm."""
CLASS = "wrong scale"


def gradient_norms(grads):
    return np.array([np.sqrt(np.sum(d_W ** 2) + np.sum(d_b ** 2)) for d_W, d_b in grads])
