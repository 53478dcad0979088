"""tanh_backward uses the sigmoid's derivative H (1 - H)."""
CLASS = "activation derivative"


def tanh_backward(d_H, H):
    return d_H * H * (1 - H)
