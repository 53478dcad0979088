"""train_step computes its own gradients and forgets the MSE gradient's factor 2."""
CLASS = "wrong scale"


def train_step(x, y_true, params, learning_rate):
    W1, b1, W2, b2 = params
    z1 = x @ W1 + b1
    h1 = np.maximum(0, z1)
    output = h1 @ W2 + b2
    d_output = (output - y_true) / output.size
    d_z1 = (W2 @ d_output) * (z1 > 0)
    grads = [np.outer(x, d_z1), d_z1, np.outer(h1, d_output), d_output]
    return [p - learning_rate * g for p, g in zip(params, grads)], float(np.mean((output - y_true) ** 2))
