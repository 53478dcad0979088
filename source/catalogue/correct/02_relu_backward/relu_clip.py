"""relu with np.clip and no upper bound."""
CLASS = "correct"


def relu(x):
    return np.clip(x, 0, None)
