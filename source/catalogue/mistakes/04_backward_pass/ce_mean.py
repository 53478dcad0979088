"""cross_entropy_loss averages over the classes instead of summing."""
CLASS = "wrong scale"


def cross_entropy_loss(logits, y_true):
    shifted = logits - np.max(logits)
    return float(-np.mean(y_true * (shifted - np.log(np.sum(np.exp(shifted))))))
