"""layer_backward with plain Python loops."""
CLASS = "correct"


def layer_backward(d_output, inputs, weights, z):
    n_in, n_out = len(inputs), len(z)
    d_z = np.zeros(n_out)
    for j in range(n_out):
        d_z[j] = d_output[j] if z[j] > 0 else 0.0
    d_weights = np.zeros((n_in, n_out))
    d_inputs = np.zeros(n_in)
    for i in range(n_in):
        for j in range(n_out):
            d_weights[i, j] = inputs[i] * d_z[j]
            d_inputs[i] += weights[i, j] * d_z[j]
    return d_weights, d_z, d_inputs
