"""train_step that copies each parameter, then updates the copies in place (W1 -= ...), returning a tuple."""
CLASS = "correct"


def train_step(x, y_true, params, learning_rate):
    W1, b1, W2, b2 = (p.copy() for p in params)
    h1, output = forward_pass(x, W1, b1, W2, b2)
    loss = mse_loss(output, y_true)
    d_W1, d_b1, d_W2, d_b2 = backward_pass(x, y_true, W1, b1, W2, b2, h1, output)
    W1 -= learning_rate * d_W1
    b1 -= learning_rate * d_b1
    W2 -= learning_rate * d_W2
    b2 -= learning_rate * d_b2
    return (W1, b1, W2, b2), loss
