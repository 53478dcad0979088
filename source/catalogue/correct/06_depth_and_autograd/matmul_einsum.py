"""matmul_backward with np.einsum."""
CLASS = "correct"


def matmul_backward(d_out, a, b):
    return np.einsum("bm,nm->bn", d_out, b), np.einsum("bn,bm->nm", a, d_out)
