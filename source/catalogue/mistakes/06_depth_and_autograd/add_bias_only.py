"""add_backward handles only a bias (n,) added to a batch: sums over axis 0, nothing else."""
CLASS = "broadcasting"


def add_backward(d_out, a, b):
    def back(x):
        return d_out if np.shape(x) == d_out.shape else d_out.sum(axis=0)
    return back(a), back(b)
