"""softmax_cross_entropy_gradient computing its own stable softmax inline with np.dot for the sum."""
CLASS = "correct"


def softmax_cross_entropy_gradient(logits, y_true):
    e = np.exp(logits - logits.max())
    return e / np.dot(e, np.ones_like(e)) - y_true
