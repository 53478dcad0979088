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


# --- 05 mini-batches and a classifier -----------------------------------------------------------
# Rows are samples: X has shape (B, n_in), Z = X @ W + b has shape (B, n_out).
def linear_backward(d_Z, X, W):
    """Gradients of a dense layer Z = X @ W + b for a batch.

    d_Z (B, n_out) dL/dZ, X (B, n_in), W (n_in, n_out).
    Returns d_W (n_in, n_out) = X.T @ d_Z, d_b (n_out,) = d_Z summed over the batch, d_X (B, n_in) = d_Z @ W.T.
    """
    d_Z, X, W = (np.asarray(a, dtype=float) for a in (d_Z, X, W))
    return X.T @ d_Z, d_Z.sum(axis=0), d_Z @ W.T


def relu_backward(d_H, Z):
    """dL/dZ for H = relu(Z): d_H where Z > 0, else 0 (relu'(0) = 0). Any shape."""
    return np.asarray(d_H, dtype=float) * (np.asarray(Z) > 0)


def log_softmax(logits):
    """Stable log-probabilities along the last axis (log-sum-exp)."""
    z = np.asarray(logits, dtype=float)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def softmax_cross_entropy(logits, labels):
    """Mean cross-entropy over a batch and its gradient.

    logits (B, C), labels (B,) integers in [0, C).
    Returns (loss, d_logits): loss a float, the mean of -log softmax(logits)[i, labels[i]];
    d_logits (B, C) = (softmax(logits) - one_hot(labels)) / B.
    """
    log_p = log_softmax(logits)
    labels = np.asarray(labels).astype(int)
    rows = np.arange(len(labels))
    loss = float(-np.mean(log_p[rows, labels]))
    d_logits = np.exp(log_p)
    d_logits[rows, labels] -= 1.0
    return loss, d_logits / len(labels)


def init_mlp(layer_sizes, rng):
    """He initialisation: for each layer in order, W = rng.normal(0, sqrt(2 / n_in), (n_in, n_out)), b = 0.

    Returns a list of (W, b), one per layer.
    """
    return [(rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out)), np.zeros(n_out))
            for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]


def mlp_forward(X, params):
    """ReLU on every hidden layer, a linear last layer.

    Returns (logits, cache), cache a list with one (A, Z) per layer: the layer's input A and its
    pre-activation Z = A @ W + b.
    """
    A = np.asarray(X, dtype=float)
    cache = []
    for i, (W, b) in enumerate(params):
        Z = A @ np.asarray(W, dtype=float) + np.asarray(b, dtype=float)
        cache.append((A, Z))
        A = Z if i == len(params) - 1 else np.maximum(0.0, Z)
    return A, cache


def mlp_backward(d_logits, cache, params):
    """Gradients of every layer from dL/dlogits and mlp_forward's cache. Returns a list of (d_W, d_b), first layer first."""
    grads = [None] * len(params)
    d_Z = np.asarray(d_logits, dtype=float)
    for i in reversed(range(len(params))):
        A, Z = cache[i]
        if i < len(params) - 1:
            d_Z = relu_backward(d_Z, Z)
        d_W, d_b, d_A = linear_backward(d_Z, A, params[i][0])
        grads[i] = (d_W, d_b)
        d_Z = d_A
    return grads


def minibatches(n, batch_size, rng):
    """Index arrays covering range(n) once, from one rng.permutation(n), in slices of batch_size (the last "
      "may be shorter)."""
    order = rng.permutation(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]


def accuracy(logits, labels):
    """The fraction of rows whose largest logit is at the label: a float in [0, 1]."""
    return float(np.mean(np.argmax(np.asarray(logits), axis=1) == np.asarray(labels)))


# --- 06 depth and autograd ---------------------------------------------------------------------
def sigmoid(z):
    """1 / (1 + exp(-z)) without overflow for any z."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def sigmoid_backward(d_H, H):
    """dL/dZ for H = sigmoid(Z), from the cached output H: d_H * H * (1 - H)."""
    H = np.asarray(H, dtype=float)
    return np.asarray(d_H, dtype=float) * H * (1.0 - H)


def tanh_backward(d_H, H):
    """dL/dZ for H = tanh(Z), from the cached output H: d_H * (1 - H**2)."""
    H = np.asarray(H, dtype=float)
    return np.asarray(d_H, dtype=float) * (1.0 - H ** 2)


def gradient_norms(grads):
    """The Frobenius norm of each layer's weight gradient d_W, first layer to last. grads: [(d_W, d_b), ...]."""
    return np.array([float(np.sqrt(np.sum(np.asarray(d_W, dtype=float) ** 2))) for d_W, _ in grads])


def add_backward(d_out, a, b):
    """Gradients of out = a + b (NumPy broadcasting): d_out summed back to a's and to b's shape."""
    d_out = np.asarray(d_out, dtype=float)
    return sum_to_shape(d_out, np.shape(a)), sum_to_shape(d_out, np.shape(b))


def sum_to_shape(g, shape):
    """Sum g over the axes broadcasting added or stretched, so that the result has ``shape``."""
    g = np.asarray(g, dtype=float)
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


def matmul_backward(d_out, a, b):
    """Gradients of out = a @ b for a (B, n), b (n, m): (d_out @ b.T, a.T @ d_out)."""
    d_out, a, b = (np.asarray(v, dtype=float) for v in (d_out, a, b))
    return d_out @ b.T, a.T @ d_out


def mul_backward(d_out, a, b):
    """Gradients of out = a * b (same shapes)."""
    d_out = np.asarray(d_out, dtype=float)
    return d_out * b, d_out * a


def sum_backward(d_out, a):
    return (np.asarray(d_out, dtype=float) * np.ones_like(a, dtype=float),)


def mean_backward(d_out, a):
    return (np.asarray(d_out, dtype=float) * np.ones_like(a, dtype=float) / np.size(a),)


def cross_entropy_backward(d_out, logits, labels):
    """Gradients of the mean softmax cross-entropy node: (d_logits, zeros for the labels)."""
    _, d_logits = softmax_cross_entropy(logits, labels)
    return np.asarray(d_out, dtype=float) * d_logits, np.zeros_like(labels, dtype=float)


def input_backward(d_out):
    return ()


def relu_op_backward(d_out, a):
    """The ReLU node's rule: part 5's relu_backward at the node's input (its pre-activation), as a 1-tuple."""
    return (relu_backward(d_out, a),)


BACKWARD_RULES = {"input": input_backward, "add": add_backward, "mul": mul_backward, "matmul": matmul_backward,
                  "relu": relu_op_backward, "sum": sum_backward, "mean": mean_backward,
                  "cross_entropy": cross_entropy_backward}


def local_gradients(graph, name, d_out):
    """The gradients node ``name`` sends to its parents, one per entry of its "parents" list."""
    node = graph[name]
    inputs = [graph[p]["value"] for p in node["parents"]]
    return list(BACKWARD_RULES[node["op"]](d_out, *inputs))


def topological_order(graph, root):
    """The names of every node root depends on (root included), each once, every node after all its parents."""
    order, seen = [], set()
    stack = [(root, False)]
    while stack:
        name, expanded = stack.pop()
        if expanded:
            order.append(name)
        elif name not in seen:
            seen.add(name)
            stack.append((name, True))
            stack.extend((p, False) for p in reversed(graph[name]["parents"]) if p not in seen)
    return order


def backward(graph, root, grads=None):
    """{name: dL/d(node)} for every node root depends on (seeded with ones at root); added to grads if given."""
    order = topological_order(graph, root)
    new = {name: np.zeros(np.shape(graph[name]["value"])) for name in order}
    new[root] = np.ones(np.shape(graph[root]["value"]))
    for name in reversed(order):
        for parent, g in zip(graph[name]["parents"], local_gradients(graph, name, new[name])):
            new[parent] += g
    if grads is None:
        return new
    total = {k: np.array(v, dtype=float) for k, v in grads.items()}
    for k, v in new.items():
        total[k] = total[k] + v if k in total else v
    return total
