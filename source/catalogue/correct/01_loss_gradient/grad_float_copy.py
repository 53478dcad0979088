"""mse_gradient converting to float64 first and dividing by np.prod(shape), scaling by 2/N at the end."""
CLASS = "correct"


def mse_gradient(predictions, targets):
    p = np.asarray(predictions, dtype=np.float64)
    t = np.asarray(targets, dtype=np.float64)
    n = int(np.prod(p.shape))
    return (p - t) * (2.0 / n)
