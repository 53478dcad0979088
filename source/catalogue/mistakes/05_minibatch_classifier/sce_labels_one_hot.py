"""softmax_cross_entropy treats the integer labels as one-hot rows (labels * log_p, p - labels)."""
CLASS = "order/shape"


def softmax_cross_entropy(logits, labels):
    B = len(labels)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.sum(labels * log_p) / B), (np.exp(log_p) - labels) / B
