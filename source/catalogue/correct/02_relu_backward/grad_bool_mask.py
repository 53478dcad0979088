"""relu_gradient returning the boolean mask x > 0 itself (True counts as 1, False as 0)."""
CLASS = "correct"


def relu_gradient(x):
    return x > 0
