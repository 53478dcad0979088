"""backward_pass with np.einsum and a clipped-sign mask."""
CLASS = "correct"


def backward_pass(x, y_true, W1, b1, W2, b2, h1, output):
    d_output = 2.0 * (output - y_true) / np.size(output)
    z1 = np.einsum("i,ij->j", x, W1) + b1
    d_z1 = np.einsum("jk,k->j", W2, d_output) * np.clip(np.sign(z1), 0, 1)
    return np.einsum("i,j->ij", x, d_z1), d_z1, np.einsum("j,k->jk", h1, d_output), d_output
