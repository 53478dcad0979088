"""layer_backward with np.einsum and np.heaviside(z, 0) as the derivative."""
CLASS = "correct"


def layer_backward(d_output, inputs, weights, z):
    d_z = d_output * np.heaviside(z, 0)
    return np.einsum("i,j->ij", inputs, d_z), d_z, np.einsum("ij,j->i", weights, d_z)
