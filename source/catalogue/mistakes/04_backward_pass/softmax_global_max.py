"""softmax subtracts the batch's overall maximum instead of each row's: rows far below it underflow to 0 / 0."""
CLASS = "stability"


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=-1, keepdims=True)
