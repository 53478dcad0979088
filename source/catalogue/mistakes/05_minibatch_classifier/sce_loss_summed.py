"""softmax_cross_entropy sums the loss over the batch (gradient right)."""
CLASS = "wrong scale"


def softmax_cross_entropy(logits, labels):
    B = len(labels)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    d = np.exp(log_p)
    d[np.arange(B), labels] -= 1
    return float(-np.sum(log_p[np.arange(B), labels])), d / B
