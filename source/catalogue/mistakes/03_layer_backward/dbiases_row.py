"""layer_backward returns d_biases as a (1, n_out) row instead of shape (n_out,)."""
CLASS = "order/shape"


def layer_backward(d_output, inputs, weights, z):
    d_z = d_output * (z > 0)
    return np.outer(inputs, d_z), d_z.reshape(1, -1), weights @ d_z
