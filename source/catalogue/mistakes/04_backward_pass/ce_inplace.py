"""cross_entropy_loss shifts the logits in place (logits -= max), changing the caller's array."""
CLASS = "in place"


def cross_entropy_loss(logits, y_true):
    logits -= np.max(logits)
    return float(-np.sum(y_true * (logits - np.log(np.sum(np.exp(logits))))))
