"""gradient_norms lists the layers last to first."""
CLASS = "order/shape"


def gradient_norms(grads):
    return np.array([np.linalg.norm(d_W) for d_W, _ in reversed(grads)])
