"""relu_gradient uses np.heaviside(x, 0.5): the derivative at exactly 0 is 0.5 instead of 0."""
CLASS = "kink"


def relu_gradient(x):
    return np.heaviside(x, 0.5)
