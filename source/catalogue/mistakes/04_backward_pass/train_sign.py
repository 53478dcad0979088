"""train_step steps along the gradient (p + learning_rate * g) instead of against it."""
CLASS = "sign"


def train_step(x, y_true, params, learning_rate):
    W1, b1, W2, b2 = params
    h1, output = forward_pass(x, W1, b1, W2, b2)
    grads = backward_pass(x, y_true, W1, b1, W2, b2, h1, output)
    return [p + learning_rate * g for p, g in zip(params, grads)], mse_loss(output, y_true)
