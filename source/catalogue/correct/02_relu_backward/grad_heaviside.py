"""relu_gradient with np.heaviside(x, 0), the step function with value 0 at 0."""
CLASS = "correct"


def relu_gradient(x):
    return np.heaviside(x, 0)
