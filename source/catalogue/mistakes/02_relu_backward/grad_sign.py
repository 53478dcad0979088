"""relu_gradient returns np.sign(x): -1 instead of 0 for negative inputs."""
CLASS = "activation derivative"


def relu_gradient(x):
    return np.sign(x)
