"""sigmoid_backward evaluates sigmoid'(z) at H, as if the cached output were the pre-activation."""
CLASS = "activation derivative"


def sigmoid_backward(d_H, H):
    s = 1 / (1 + np.exp(-H))
    return d_H * s * (1 - s)
