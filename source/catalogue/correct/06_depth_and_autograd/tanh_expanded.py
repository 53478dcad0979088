"""tanh_backward written as d_H - d_H * H * H."""
CLASS = "correct"


def tanh_backward(d_H, H):
    return d_H - d_H * H * H
