"""train_step returns the loss after the update instead of the loss the gradients were computed for."""
CLASS = "order/shape"


def train_step(x, y_true, params, learning_rate):
    W1, b1, W2, b2 = params
    h1, output = forward_pass(x, W1, b1, W2, b2)
    grads = backward_pass(x, y_true, W1, b1, W2, b2, h1, output)
    new_params = update_parameters(params, grads, learning_rate)
    return new_params, mse_loss(forward_pass(x, *new_params)[1], y_true)
