"""layer_backward multiplies by weights.T where weights belongs (it runs only when weights is square)."""
CLASS = "transpose"


def layer_backward(d_output, inputs, weights, z):
    d_z = d_output * (z > 0)
    return np.outer(inputs, d_z), d_z, weights.T @ d_z
