"""cross_entropy_loss uses log(softmax + 1e-8), the handout's formula: capped at about 18.4 when confidently wrong."""
CLASS = "stability"


def cross_entropy_loss(logits, y_true):
    return float(-np.sum(y_true * np.log(softmax(logits) + 1e-8)))
