"""layer_backward computes d_inputs as d_z @ weights, i.e. weights.T @ d_z (runs only on square weights)."""
CLASS = "transpose"


def layer_backward(d_output, inputs, weights, z):
    d_z = d_output * (z > 0)
    return np.outer(inputs, d_z), d_z, d_z @ weights
