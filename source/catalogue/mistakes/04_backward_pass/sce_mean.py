"""softmax_cross_entropy_gradient divides softmax(logits) - y_true by the number of classes."""
CLASS = "wrong scale"


def softmax_cross_entropy_gradient(logits, y_true):
    return (softmax(logits) - y_true) / len(logits)
