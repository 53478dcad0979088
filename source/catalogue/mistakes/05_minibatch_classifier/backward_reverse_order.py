"""mlp_backward returns the layers' gradients last layer first, in the order it computed them."""
CLASS = "order/shape"


def mlp_backward(d_logits, cache, params):
    grads = []
    d_Z = d_logits
    for i in reversed(range(len(params))):
        A, Z = cache[i]
        if i < len(params) - 1:
            d_Z = relu_backward(d_Z, Z)
        d_W, d_b, d_Z = linear_backward(d_Z, A, params[i][0])
        grads.append((d_W, d_b))
    return grads
