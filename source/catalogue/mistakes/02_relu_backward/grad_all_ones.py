"""relu_gradient returns ones everywhere: the derivative of the identity, right only for positive inputs."""
CLASS = "activation derivative"


def relu_gradient(x):
    return np.ones_like(x, dtype=float)
