"""accuracy returns a percentage instead of a fraction."""
CLASS = "wrong scale"


def accuracy(logits, labels):
    return float(100 * np.mean(np.argmax(logits, axis=1) == labels))
