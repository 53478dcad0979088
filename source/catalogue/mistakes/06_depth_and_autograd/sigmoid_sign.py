"""sigmoid_backward has the sign flipped: H (H - 1)."""
CLASS = "sign"


def sigmoid_backward(d_H, H):
    return d_H * H * (H - 1)
