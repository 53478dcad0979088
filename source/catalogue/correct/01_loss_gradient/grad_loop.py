"""mse_gradient filled in entry by entry with a Python loop over np.ndindex."""
CLASS = "correct"


def mse_gradient(predictions, targets):
    n = predictions.size
    grad = np.zeros(predictions.shape)
    for index in np.ndindex(predictions.shape):
        grad[index] = 2.0 * (predictions[index] - targets[index]) / n
    return grad
