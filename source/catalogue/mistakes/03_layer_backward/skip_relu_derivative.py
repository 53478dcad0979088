"""layer_backward skips the ReLU derivative: d_z = d_output."""
CLASS = "activation derivative"


def layer_backward(d_output, inputs, weights, z):
    d_z = d_output
    return np.outer(inputs, d_z), d_z, weights @ d_z
