"""sigmoid_backward written as d_H * (H - H**2) with np.multiply."""
CLASS = "correct"


def sigmoid_backward(d_H, H):
    return np.multiply(d_H, H - H ** 2)
