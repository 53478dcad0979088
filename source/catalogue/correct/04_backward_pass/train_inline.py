"""train_step written out in full without the helper functions, returning a list [new_params, loss]."""
CLASS = "correct"


def train_step(x, y_true, params, learning_rate):
    W1, b1, W2, b2 = params
    z1 = np.dot(x, W1) + b1
    h1 = np.maximum(z1, 0)
    output = np.dot(h1, W2) + b2
    loss = np.mean(np.square(output - y_true))
    d_output = 2 * (output - y_true) / len(output)
    d_z1 = np.dot(W2, d_output) * (z1 > 0)
    grads = (np.outer(x, d_z1), d_z1, np.outer(h1, d_output), d_output)
    return [[p - learning_rate * g for p, g in zip(params, grads)], loss]
