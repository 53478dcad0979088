"""matmul_backward divides by the batch size again (the 1/B is already in d_out)."""
CLASS = "wrong scale"


def matmul_backward(d_out, a, b):
    return d_out @ b.T / len(a), a.T @ d_out / len(a)
