"""cross_entropy_loss returns the mean squared error between softmax(logits) and y_true."""
CLASS = "mse vs cross-entropy"


def cross_entropy_loss(logits, y_true):
    return float(np.mean((softmax(logits) - y_true) ** 2))
