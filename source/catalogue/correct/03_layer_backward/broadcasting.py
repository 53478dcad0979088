"""layer_backward with broadcasting for the outer product and d_z @ weights.T for d_inputs."""
CLASS = "correct"


def layer_backward(d_output, inputs, weights, z):
    d_z = np.where(z > 0, d_output, 0.0)
    return inputs[:, None] * d_z[None, :], d_z, d_z @ weights.T
