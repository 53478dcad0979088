"""mse_gradient forgets the factor 2 from the square (the 1/2 convention's gradient)."""
CLASS = "wrong scale"


def mse_gradient(predictions, targets):
    return (predictions - targets) / predictions.size
