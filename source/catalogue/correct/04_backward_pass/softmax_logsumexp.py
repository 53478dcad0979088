"""softmax as exp(z - logsumexp(z)), with the shift computed by a row maximum."""
CLASS = "correct"


def softmax(z):
    m = np.max(z, axis=-1, keepdims=True)
    log_norm = m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
    return np.exp(z - log_norm)
