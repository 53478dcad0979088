"""mse_loss sums the squared errors instead of averaging them."""
CLASS = "wrong scale"


def mse_loss(predictions, targets):
    return np.sum((predictions - targets) ** 2)
