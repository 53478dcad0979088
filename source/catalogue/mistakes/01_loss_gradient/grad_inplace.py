"""mse_gradient reuses the predictions array for the difference, changing the caller's predictions."""
CLASS = "in place"


def mse_gradient(predictions, targets):
    diff = predictions
    diff -= targets
    return 2 * diff / diff.size
