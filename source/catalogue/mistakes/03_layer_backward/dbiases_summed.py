"""layer_backward sums d_z into a single number for d_biases instead of one entry per unit."""
CLASS = "order/shape"


def layer_backward(d_output, inputs, weights, z):
    d_z = d_output * (z > 0)
    return np.outer(inputs, d_z), np.sum(d_z), weights @ d_z
