"""add_backward averages over the batch where a 1-D operand was broadcast, instead of summing."""
CLASS = "broadcasting"


def add_backward(d_out, a, b):
    def back(x):
        if np.shape(x) == d_out.shape:
            return d_out
        return d_out.reshape(-1, d_out.shape[-1]).mean(axis=0).reshape(np.shape(x))
    return back(a), back(b)
