"""Reference implementations of every graded function (autograder only: never shipped to students).

Shapes follow the notebooks: weights are stored (n_in, n_out); one sample is a 1-D array.
None of these modify their arguments.
"""

import numpy as np


# --- 01 loss gradient -------------------------------------------------------------------------
def mse_loss(predictions, targets):
    """Mean of squared errors over every element. predictions, targets: same shape. Returns float."""
    diff = np.asarray(predictions, dtype=float) - np.asarray(targets, dtype=float)
    return float(np.mean(diff ** 2))


def mse_gradient(predictions, targets):
    """d mse_loss / d predictions = 2 (predictions - targets) / size. Returns predictions' shape."""
    diff = np.asarray(predictions, dtype=float) - np.asarray(targets, dtype=float)
    return 2.0 * diff / diff.size


# --- 02 ReLU backward ---------------------------------------------------------------------------
def relu(x):
    """max(0, x) entrywise. Returns x's shape."""
    return np.maximum(0.0, np.asarray(x, dtype=float))


def relu_gradient(x):
    """1 where x > 0, else 0 (so 0 at exactly 0). Returns x's shape."""
    return (np.asarray(x) > 0).astype(float)


# --- 03 one layer backward ----------------------------------------------------------------------
def layer_forward(inputs, weights, biases):
    """z = inputs @ weights + biases, h = relu(z). inputs (n_in,), weights (n_in, n_out). Returns (z, h)."""
    z = np.asarray(inputs, dtype=float) @ np.asarray(weights, dtype=float) + np.asarray(biases, dtype=float)
    return z, relu(z)


def layer_backward(d_output, inputs, weights, z):
    """Gradients of a dense ReLU layer for one sample.

    d_output (n_out,)  dL/dh, inputs (n_in,), weights (n_in, n_out), z (n_out,) the pre-activation.
    Returns d_weights (n_in, n_out), d_biases (n_out,), d_inputs (n_in,).
    """
    d_z = np.asarray(d_output, dtype=float) * relu_gradient(z)
    return np.outer(inputs, d_z), d_z, np.asarray(weights, dtype=float) @ d_z


# --- 04 full backward pass ----------------------------------------------------------------------
def forward_pass(x, W1, b1, W2, b2):
    """h1 = relu(x @ W1 + b1), output = h1 @ W2 + b2 (linear). Returns (h1, output)."""
    _, h1 = layer_forward(x, W1, b1)
    return h1, h1 @ np.asarray(W2, dtype=float) + np.asarray(b2, dtype=float)


def backward_pass(x, y_true, W1, b1, W2, b2, h1, output):
    """Gradients of mse_loss(output, y_true) for the two-layer network. Returns (d_W1, d_b1, d_W2, d_b2)."""
    d_output = mse_gradient(output, y_true)
    d_W2, d_b2 = np.outer(h1, d_output), d_output
    d_h1 = np.asarray(W2, dtype=float) @ d_output
    z1 = np.asarray(x, dtype=float) @ np.asarray(W1, dtype=float) + np.asarray(b1, dtype=float)
    d_z1 = d_h1 * relu_gradient(z1)
    return np.outer(x, d_z1), d_z1, d_W2, d_b2


def update_parameters(params, grads, learning_rate):
    """One gradient-descent step: a new list [p - learning_rate * g]. Inputs are not modified."""
    return [np.asarray(p, dtype=float) - learning_rate * np.asarray(g, dtype=float) for p, g in zip(params, grads)]


def train_step(x, y_true, params, learning_rate):
    """Forward, loss, backward and update for one sample. params = (W1, b1, W2, b2).

    Returns (new_params, loss) where loss is measured before the update.
    """
    W1, b1, W2, b2 = params
    h1, output = forward_pass(x, W1, b1, W2, b2)
    grads = backward_pass(x, y_true, W1, b1, W2, b2, h1, output)
    return update_parameters(params, grads, learning_rate), mse_loss(output, y_true)


def softmax(z):
    """Stable softmax along the last axis: exp(z - max) / sum. z (n,) or (batch, n)."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy_loss(logits, y_true):
    """-sum(y_true * log softmax(logits)) for one sample (n,), computed stably with log-sum-exp."""
    z = np.asarray(logits, dtype=float)
    shifted = z - np.max(z)
    log_probs = shifted - np.log(np.sum(np.exp(shifted)))
    return float(-np.sum(np.asarray(y_true, dtype=float) * log_probs))


def softmax_cross_entropy_gradient(logits, y_true):
    """d cross_entropy_loss / d logits = softmax(logits) - y_true, for y_true summing to 1. Shape (n,)."""
    return softmax(logits) - np.asarray(y_true, dtype=float)
