"""layer_backward takes the ReLU derivative at d_output instead of at z."""
CLASS = "activation derivative"


def layer_backward(d_output, inputs, weights, z):
    d_z = d_output * (d_output > 0)
    return np.outer(inputs, d_z), d_z, weights @ d_z
