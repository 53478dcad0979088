"""tanh_backward squares H in place."""
CLASS = "in place"


def tanh_backward(d_H, H):
    H **= 2
    return d_H * (1 - H)
