"""mlp_backward masks each hidden layer's gradient where the gradient itself is positive, not where Z is."""
CLASS = "activation derivative"


def mlp_backward(d_logits, cache, params):
    grads = [None] * len(params)
    d_Z = d_logits
    for i in reversed(range(len(params))):
        A, Z = cache[i]
        if i < len(params) - 1:
            d_Z = d_Z * (d_Z > 0)
        d_W, d_b, d_Z = linear_backward(d_Z, A, params[i][0])
        grads[i] = (d_W, d_b)
    return grads
