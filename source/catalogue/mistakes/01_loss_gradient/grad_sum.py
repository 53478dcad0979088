"""mse_gradient is the gradient of the summed squared error: the division by N is missing."""
CLASS = "wrong scale"


def mse_gradient(predictions, targets):
    return 2 * (predictions - targets)
