"""mse_loss divides by the number of rows, len(predictions), instead of the number of elements."""
CLASS = "wrong scale"


def mse_loss(predictions, targets):
    return np.sum((predictions - targets) ** 2) / len(predictions)
