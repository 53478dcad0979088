"""sigmoid_backward recovers z = log(H / (1 - H)) and differentiates there: nan once H rounds to 1."""
CLASS = "stability"


def sigmoid_backward(d_H, H):
    z = np.log(H / (1 - H))
    return d_H * np.exp(-z) / (1 + np.exp(-z)) ** 2
