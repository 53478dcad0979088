"""mlp_backward written out without the helpers, @ and a mask, gradients inserted at the front."""
CLASS = "correct"


def mlp_backward(d_logits, cache, params):
    grads = []
    d_Z = d_logits
    for i in range(len(params) - 1, -1, -1):
        A, Z = cache[i]
        if i != len(params) - 1:
            d_Z = d_Z * (Z > 0)
        grads.insert(0, (A.T @ d_Z, d_Z.sum(axis=0)))
        d_Z = d_Z @ params[i][0].T
    return grads
