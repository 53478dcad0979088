"""add_backward sums a broadcast bias over the last axis instead of the batch axis."""
CLASS = "broadcasting"


def add_backward(d_out, a, b):
    def back(x):
        g = d_out
        while g.ndim > np.ndim(x):
            g = g.sum(axis=-1)
        for axis, n in enumerate(np.shape(x)):
            if n == 1 and g.shape[axis] != 1:
                g = g.sum(axis=axis, keepdims=True)
        return g
    return back(a), back(b)
