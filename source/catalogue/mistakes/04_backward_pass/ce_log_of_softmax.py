"""cross_entropy_loss takes np.log of a (stable) softmax: log(0) = -inf once a probability underflows."""
CLASS = "stability"


def cross_entropy_loss(logits, y_true):
    return float(-np.sum(y_true * np.log(softmax(logits))))
