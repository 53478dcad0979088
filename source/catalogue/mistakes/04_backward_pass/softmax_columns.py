"""softmax normalises a batch along axis 0 (each column sums to 1) instead of along each row."""
CLASS = "order/shape"


def softmax(z):
    e = np.exp(z - np.max(z, axis=0, keepdims=True))
    return e / np.sum(e, axis=0, keepdims=True)
