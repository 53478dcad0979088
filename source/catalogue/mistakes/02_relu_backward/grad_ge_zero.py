"""relu_gradient uses x >= 0, so the derivative at exactly 0 is 1 instead of the course's 0."""
CLASS = "kink"


def relu_gradient(x):
    return (x >= 0).astype(float)
