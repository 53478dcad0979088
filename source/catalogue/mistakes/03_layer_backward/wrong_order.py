"""layer_backward returns (d_weights, d_inputs, d_biases) instead of (d_weights, d_biases, d_inputs)."""
CLASS = "order/shape"


def layer_backward(d_output, inputs, weights, z):
    d_z = d_output * (z > 0)
    return np.outer(inputs, d_z), weights @ d_z, d_z
