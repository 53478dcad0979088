"""relu_gradient as np.clip(np.sign(x), 0, 1): sign is 0 at 0, -1 below, 1 above."""
CLASS = "correct"


def relu_gradient(x):
    return np.clip(np.sign(x), 0, 1)
