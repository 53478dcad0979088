"""mlp_backward applies a ReLU mask at the last layer too, though the last layer is linear."""
CLASS = "activation derivative"


def mlp_backward(d_logits, cache, params):
    grads = [None] * len(params)
    d_Z = d_logits
    for i in reversed(range(len(params))):
        A, Z = cache[i]
        d_Z = relu_backward(d_Z, Z)
        d_W, d_b, d_Z = linear_backward(d_Z, A, params[i][0])
        grads[i] = (d_W, d_b)
    return grads
