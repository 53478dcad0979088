"""add_backward computes the summed axes as a tuple, then reshapes to the operand's shape."""
CLASS = "correct"


def add_backward(d_out, a, b):
    def back(x):
        shape = np.shape(x)
        padded = (1,) * (d_out.ndim - len(shape)) + shape
        axes = tuple(i for i, n in enumerate(padded) if n == 1 and d_out.shape[i] != 1)
        return np.sum(d_out, axis=axes, keepdims=True).reshape(shape)
    return back(a), back(b)
