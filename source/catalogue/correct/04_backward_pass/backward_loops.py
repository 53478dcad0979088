"""backward_pass with plain Python loops over units and weights."""
CLASS = "correct"


def backward_pass(x, y_true, W1, b1, W2, b2, h1, output):
    n_in, n_hidden = W1.shape
    n_out = len(output)
    d_output = [2.0 * (output[k] - y_true[k]) / n_out for k in range(n_out)]
    d_W2 = np.zeros((n_hidden, n_out))
    d_z1 = np.zeros(n_hidden)
    for j in range(n_hidden):
        z1_j = b1[j] + sum(x[i] * W1[i, j] for i in range(n_in))
        d_h1_j = 0.0
        for k in range(n_out):
            d_W2[j, k] = h1[j] * d_output[k]
            d_h1_j += W2[j, k] * d_output[k]
        d_z1[j] = d_h1_j if z1_j > 0 else 0.0
    d_W1 = np.zeros((n_in, n_hidden))
    for i in range(n_in):
        for j in range(n_hidden):
            d_W1[i, j] = x[i] * d_z1[j]
    return d_W1, d_z1, d_W2, np.array(d_output)
