"""mse_loss subtracts the targets in place, overwriting the caller's predictions."""
CLASS = "in place"


def mse_loss(predictions, targets):
    predictions -= targets
    return float(np.mean(predictions ** 2))
