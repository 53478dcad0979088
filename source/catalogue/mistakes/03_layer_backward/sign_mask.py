"""layer_backward uses np.sign(z) as the ReLU derivative: right only where every z is positive."""
CLASS = "activation derivative"


def layer_backward(d_output, inputs, weights, z):
    d_z = d_output * np.sign(z)
    return np.outer(inputs, d_z), d_z, weights @ d_z
