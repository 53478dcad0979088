"""cross_entropy_loss forgets the minus sign: sum(y_true * log softmax(logits))."""
CLASS = "sign"


def cross_entropy_loss(logits, y_true):
    shifted = logits - np.max(logits)
    return float(np.sum(y_true * (shifted - np.log(np.sum(np.exp(shifted))))))
