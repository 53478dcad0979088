"""softmax_cross_entropy exponentiates the raw logits, which overflows for logits of 1000."""
CLASS = "stability"


def softmax_cross_entropy(logits, labels):
    B = len(labels)
    e = np.exp(logits)
    p = e / e.sum(axis=1, keepdims=True)
    loss = float(-np.mean(np.log(p[np.arange(B), labels])))
    d = p.copy()
    d[np.arange(B), labels] -= 1
    return loss, d / B
