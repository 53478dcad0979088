"""matmul_backward with np.dot and .transpose()."""
CLASS = "correct"


def matmul_backward(d_out, a, b):
    return np.dot(d_out, b.transpose()), np.dot(a.transpose(), d_out)
