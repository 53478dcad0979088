"""tanh_backward evaluates tanh'(z) at H, as if the cached output were the pre-activation."""
CLASS = "activation derivative"


def tanh_backward(d_H, H):
    return d_H * (1 - np.tanh(H) ** 2)
