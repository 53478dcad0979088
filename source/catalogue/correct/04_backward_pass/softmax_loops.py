"""softmax with a Python loop over the rows of a batch (and a 1-D input handled as one row)."""
CLASS = "correct"


def softmax(z):
    z = np.asarray(z, dtype=float)
    rows = np.atleast_2d(z)
    out = np.empty_like(rows)
    for r in range(rows.shape[0]):
        e = np.exp(rows[r] - rows[r].max())
        out[r] = e / e.sum()
    return out.reshape(z.shape)
