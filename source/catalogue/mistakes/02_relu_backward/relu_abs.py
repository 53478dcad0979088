"""relu takes the absolute value instead of max(0, x): right only for positive inputs."""
CLASS = "activation derivative"


def relu(x):
    return np.abs(x)
