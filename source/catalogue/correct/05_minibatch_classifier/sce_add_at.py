"""softmax_cross_entropy with np.add.at for the one-hot subtraction and a softmax, not log-probabilities."""
CLASS = "correct"


def softmax_cross_entropy(logits, labels):
    B = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    lse = np.log(np.exp(shifted).sum(axis=1))
    rows = np.arange(B)
    loss = np.mean(lse - shifted[rows, labels])
    grad = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    np.add.at(grad, (rows, labels), -1.0)
    return loss, grad / B
