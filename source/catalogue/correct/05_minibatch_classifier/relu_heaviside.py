"""relu_backward with np.heaviside(Z, 0)."""
CLASS = "correct"


def relu_backward(d_H, Z):
    return d_H * np.heaviside(Z, 0.0)
