"""softmax shifts the logits in place (z -= max), changing the caller's array."""
CLASS = "in place"


def softmax(z):
    z -= np.max(z, axis=-1, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)
