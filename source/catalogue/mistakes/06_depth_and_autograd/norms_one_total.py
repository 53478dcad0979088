"""gradient_norms returns one norm over every layer together."""
CLASS = "order/shape"


def gradient_norms(grads):
    return np.sqrt(sum(np.sum(d_W ** 2) for d_W, _ in grads))
