"""mlp_backward with np.einsum and a reversed list at the end."""
CLASS = "correct"


def mlp_backward(d_logits, cache, params):
    grads, d_Z = [], d_logits
    for (A, Z), (W, b), last in reversed(list(zip(cache, params, [False] * (len(params) - 1) + [True]))):
        if not last:
            d_Z = np.where(Z > 0, d_Z, 0.0)
        grads.append((np.einsum("bi,bk->ik", A, d_Z), np.einsum("bk->k", d_Z)))
        d_Z = np.einsum("bk,ik->bi", d_Z, W)
    return grads[::-1]
