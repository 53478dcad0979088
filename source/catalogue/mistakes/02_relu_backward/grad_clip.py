"""relu_gradient returns np.clip(x, 0, 1): right only for inputs at or above 1 and at or below 0."""
CLASS = "activation derivative"


def relu_gradient(x):
    return np.clip(x, 0, 1)
