"""accuracy returns the number of right predictions, not the fraction."""
CLASS = "wrong scale"


def accuracy(logits, labels):
    return float(np.sum(np.argmax(logits, axis=1) == labels))
