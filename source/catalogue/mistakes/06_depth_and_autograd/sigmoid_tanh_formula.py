"""sigmoid_backward uses tanh's derivative 1 - H**2."""
CLASS = "activation derivative"


def sigmoid_backward(d_H, H):
    return d_H * (1 - H ** 2)
