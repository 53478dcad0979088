"""relu with a Python loop over every entry, building a new array."""
CLASS = "correct"


def relu(x):
    out = np.zeros(np.shape(x))
    for index in np.ndindex(out.shape):
        out[index] = x[index] if x[index] > 0 else 0.0
    return out
