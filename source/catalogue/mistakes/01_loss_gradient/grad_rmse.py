"""mse_gradient differentiates the RMSE instead of the MSE."""
CLASS = "wrong scale"


def mse_gradient(predictions, targets):
    diff = predictions - targets
    rmse = np.sqrt(np.mean(diff ** 2))
    return diff / (diff.size * rmse)
