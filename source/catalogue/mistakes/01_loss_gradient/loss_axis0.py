"""mse_loss averages along axis 0 only, so a batch gives one number per column instead of one number."""
CLASS = "order/shape"


def mse_loss(predictions, targets):
    return np.mean((predictions - targets) ** 2, axis=0)
