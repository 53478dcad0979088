"""relu_backward with np.where."""
CLASS = "correct"


def relu_backward(d_H, Z):
    return np.where(Z > 0, d_H, 0.0)
