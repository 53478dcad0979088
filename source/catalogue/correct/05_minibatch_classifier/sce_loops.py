"""softmax_cross_entropy with a Python loop over the rows."""
CLASS = "correct"


def softmax_cross_entropy(logits, labels):
    B = len(labels)
    total, grad = 0.0, np.zeros(logits.shape)
    for i in range(B):
        z = logits[i] - np.max(logits[i])
        log_p = z - np.log(np.sum(np.exp(z)))
        total -= log_p[labels[i]]
        grad[i] = np.exp(log_p)
        grad[i, labels[i]] -= 1.0
    return total / B, grad / B
