"""backward_pass reusing a layer_backward-style helper, recomputing z1 and returning a list."""
CLASS = "correct"


def _dense_backward(d_out, inputs, weights, z=None):
    d_z = d_out if z is None else d_out * np.heaviside(z, 0)
    return inputs[:, None] * d_z[None, :], d_z, weights @ d_z


def backward_pass(x, y_true, W1, b1, W2, b2, h1, output):
    d_output = mse_gradient(output, y_true)
    d_W2, d_b2, d_h1 = _dense_backward(d_output, h1, W2)
    d_W1, d_b1, _ = _dense_backward(d_h1, x, W1, z=np.dot(x, W1) + b1)
    return [d_W1, d_b1, d_W2, d_b2]
