"""relu that copies x first, then zeroes the negative entries of the copy in place."""
CLASS = "correct"


def relu(x):
    out = np.array(x, dtype=float)
    out[out < 0] = 0.0
    return out
