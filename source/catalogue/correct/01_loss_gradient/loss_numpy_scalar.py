"""mse_loss returning NumPy's own scalar (np.square and np.average, no float())."""
CLASS = "correct"


def mse_loss(predictions, targets):
    return np.average(np.square(np.subtract(predictions, targets)))
