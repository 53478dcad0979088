"""sigmoid_backward multiplies d_H in place and returns it."""
CLASS = "in place"


def sigmoid_backward(d_H, H):
    d_H *= H * (1 - H)
    return d_H
