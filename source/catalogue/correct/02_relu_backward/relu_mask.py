"""relu as the input times a boolean mask."""
CLASS = "correct"


def relu(x):
    return x * (x > 0)
