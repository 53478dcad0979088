"""mse_loss returns the root mean squared error (RMSE) instead of the MSE."""
CLASS = "wrong scale"


def mse_loss(predictions, targets):
    return np.sqrt(np.mean((predictions - targets) ** 2))
