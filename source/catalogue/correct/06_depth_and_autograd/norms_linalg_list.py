"""gradient_norms with np.linalg.norm in a loop, returning a list of floats, indexing the pairs."""
CLASS = "correct"


def gradient_norms(grads):
    norms = []
    for i in range(len(grads)):
        norms.append(float(np.linalg.norm(grads[i][0])))
    return norms
