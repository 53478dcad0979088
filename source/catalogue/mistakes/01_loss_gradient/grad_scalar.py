"""mse_gradient averages the gradient into a single number instead of one entry per prediction."""
CLASS = "order/shape"


def mse_gradient(predictions, targets):
    return np.mean(2 * (predictions - targets))
