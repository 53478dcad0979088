"""mse_gradient divides by len(predictions), the rows, instead of predictions.size (the handout's bug)."""
CLASS = "wrong scale"


def mse_gradient(predictions, targets):
    n = len(predictions)
    return 2 * (predictions - targets) / n
