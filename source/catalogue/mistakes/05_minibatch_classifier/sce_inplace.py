"""softmax_cross_entropy subtracts the row maxima from the caller's logits in place."""
CLASS = "in place"


def softmax_cross_entropy(logits, labels):
    B = len(labels)
    logits -= logits.max(axis=1, keepdims=True)
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    d = np.exp(log_p)
    d[np.arange(B), labels] -= 1
    return float(-np.mean(log_p[np.arange(B), labels])), d / B
