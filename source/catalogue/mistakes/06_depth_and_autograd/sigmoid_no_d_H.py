"""sigmoid_backward returns the local derivative H (1 - H) without multiplying by d_H."""
CLASS = "wrong scale"


def sigmoid_backward(d_H, H):
    return H * (1 - H)
