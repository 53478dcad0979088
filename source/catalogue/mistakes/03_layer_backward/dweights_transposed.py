"""layer_backward swaps np.outer's arguments: d_weights comes out (n_out, n_in), transposed."""
CLASS = "transpose"


def layer_backward(d_output, inputs, weights, z):
    d_z = d_output * (z > 0)
    return np.outer(d_z, inputs), d_z, weights @ d_z
