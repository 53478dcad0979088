"""add_backward sums the whole d_out into one number for any operand of another shape."""
CLASS = "broadcasting"


def add_backward(d_out, a, b):
    def back(x):
        return d_out if np.shape(x) == d_out.shape else np.sum(d_out)
    return back(a), back(b)
