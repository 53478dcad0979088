"""softmax_cross_entropy_gradient has the sign flipped: y_true - softmax(logits)."""
CLASS = "sign"


def softmax_cross_entropy_gradient(logits, y_true):
    return y_true - softmax(logits)
