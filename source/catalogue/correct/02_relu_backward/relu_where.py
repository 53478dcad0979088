"""relu with np.where."""
CLASS = "correct"


def relu(x):
    return np.where(x > 0, x, 0)
