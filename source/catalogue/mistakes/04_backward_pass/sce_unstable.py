"""softmax_cross_entropy_gradient uses the naive softmax exp(z) / sum(exp(z)): NaN on large logits."""
CLASS = "stability"


def softmax_cross_entropy_gradient(logits, y_true):
    e = np.exp(logits)
    return e / np.sum(e) - y_true
