"""layer_backward applies a ReLU derivative a second time, to d_inputs at the layer's inputs."""
CLASS = "activation derivative"


def layer_backward(d_output, inputs, weights, z):
    d_z = d_output * (z > 0)
    return np.outer(inputs, d_z), d_z, (weights @ d_z) * (inputs > 0)
