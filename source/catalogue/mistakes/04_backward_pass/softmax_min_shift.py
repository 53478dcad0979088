"""softmax subtracts the minimum instead of the maximum, so exp still overflows when the logits are far apart."""
CLASS = "stability"


def softmax(z):
    e = np.exp(z - np.min(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
