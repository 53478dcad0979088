"""layer_backward returning a list instead of a tuple, with a float mask copied from z."""
CLASS = "correct"


def layer_backward(d_output, inputs, weights, z):
    mask = np.array(z, dtype=float)
    mask[mask > 0] = 1.0
    mask[mask <= 0] = 0.0
    d_z = d_output * mask
    return [np.outer(inputs, d_z), d_z, weights @ d_z]
