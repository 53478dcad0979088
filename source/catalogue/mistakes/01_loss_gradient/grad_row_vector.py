"""mse_gradient returns a (1, N) row instead of an array shaped like the predictions."""
CLASS = "order/shape"


def mse_gradient(predictions, targets):
    return (2 * (predictions - targets) / predictions.size).reshape(1, -1)
