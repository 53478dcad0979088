"""softmax_cross_entropy with a one-hot matrix built from the labels (np.eye) and matrix-free sums."""
CLASS = "correct"


def softmax_cross_entropy(logits, labels):
    B, C = logits.shape
    Y = np.eye(C)[labels]
    m = logits.max(axis=1, keepdims=True)
    log_p = logits - m - np.log(np.exp(logits - m).sum(axis=1, keepdims=True))
    loss = -np.sum(Y * log_p) / B
    return float(loss), (np.exp(log_p) - Y) / B
