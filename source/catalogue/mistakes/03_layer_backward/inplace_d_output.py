"""layer_backward zeroes entries of d_output in place to form d_z, changing the caller's d_output."""
CLASS = "in place"


def layer_backward(d_output, inputs, weights, z):
    d_output[z <= 0] = 0
    d_z = d_output
    return np.outer(inputs, d_z), d_z, weights @ d_z
