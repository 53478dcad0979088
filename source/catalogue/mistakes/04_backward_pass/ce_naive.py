"""cross_entropy_loss takes the log of the naive softmax: exp overflows on large logits."""
CLASS = "stability"


def cross_entropy_loss(logits, y_true):
    p = np.exp(logits) / np.sum(np.exp(logits))
    return float(-np.sum(y_true * np.log(p)))
