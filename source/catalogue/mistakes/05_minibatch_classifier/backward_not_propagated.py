"""mlp_backward never passes the gradient down: every layer uses d_logits as its d_Z."""
CLASS = "order/shape"


def mlp_backward(d_logits, cache, params):
    grads = [None] * len(params)
    for i in reversed(range(len(params))):
        A, Z = cache[i]
        d_Z = d_logits if i == len(params) - 1 else relu_backward(d_logits, Z)
        d_W, d_b, _ = linear_backward(d_Z, A, params[i][0])
        grads[i] = (d_W, d_b)
    return grads
