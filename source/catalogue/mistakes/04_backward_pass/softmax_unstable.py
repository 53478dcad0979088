"""softmax without subtracting the maximum: exp overflows to inf on large logits and gives NaN."""
CLASS = "stability"


def softmax(z):
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)
