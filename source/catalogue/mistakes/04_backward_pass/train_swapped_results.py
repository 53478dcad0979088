"""train_step returns (loss, new_params) instead of (new_params, loss)."""
CLASS = "order/shape"


def train_step(x, y_true, params, learning_rate):
    W1, b1, W2, b2 = params
    h1, output = forward_pass(x, W1, b1, W2, b2)
    grads = backward_pass(x, y_true, W1, b1, W2, b2, h1, output)
    return mse_loss(output, y_true), update_parameters(params, grads, learning_rate)
