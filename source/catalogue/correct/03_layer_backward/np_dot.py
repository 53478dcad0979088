"""layer_backward with np.dot everywhere, the outer product as a (n_in, 1) by (1, n_out) product."""
CLASS = "correct"


def layer_backward(d_output, inputs, weights, z):
    d_z = d_output * (z > 0)
    d_weights = np.dot(inputs.reshape(-1, 1), d_z.reshape(1, -1))
    return d_weights, d_z, np.dot(weights, d_z)
