"""mse_loss uses the 1/2 convention: half the mean squared error."""
CLASS = "wrong scale"


def mse_loss(predictions, targets):
    return 0.5 * np.mean((predictions - targets) ** 2)
