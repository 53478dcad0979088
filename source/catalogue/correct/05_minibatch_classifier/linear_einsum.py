"""linear_backward with np.einsum."""
CLASS = "correct"


def linear_backward(d_Z, X, W):
    return np.einsum("bi,bk->ik", X, d_Z), np.einsum("bk->k", d_Z), np.einsum("bk,ik->bi", d_Z, W)
