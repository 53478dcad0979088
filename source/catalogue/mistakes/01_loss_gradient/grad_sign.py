"""mse_gradient has the sign flipped: targets - predictions."""
CLASS = "sign"


def mse_gradient(predictions, targets):
    return 2 * (targets - predictions) / predictions.size
