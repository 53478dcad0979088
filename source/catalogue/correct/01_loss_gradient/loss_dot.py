"""mse_loss as a dot product of the flattened differences with themselves, divided by .size."""
CLASS = "correct"


def mse_loss(predictions, targets):
    diff = (predictions - targets).ravel()
    return np.dot(diff, diff) / diff.size
