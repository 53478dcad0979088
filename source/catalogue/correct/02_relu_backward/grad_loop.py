"""relu_gradient with a Python loop over every entry."""
CLASS = "correct"


def relu_gradient(x):
    out = np.zeros(np.shape(x))
    for index in np.ndindex(out.shape):
        if x[index] > 0:
            out[index] = 1.0
    return out
