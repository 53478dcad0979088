"""add_backward for the cases by shape, with np.add.reduce and a bias sum written as ones @ d_out."""
CLASS = "correct"


def add_backward(d_out, a, b):
    def back(x):
        shape = np.shape(x)
        if shape == d_out.shape:
            return d_out.copy()
        g = d_out
        if g.ndim == 2 and len(shape) == 1:
            return np.ones(g.shape[0]) @ g
        while g.ndim > len(shape):
            g = np.add.reduce(g, axis=0)
        for axis, n in enumerate(shape):
            if n == 1 and g.shape[axis] != 1:
                g = np.add.reduce(g, axis=axis, keepdims=True)
        return g
    return back(a), back(b)
