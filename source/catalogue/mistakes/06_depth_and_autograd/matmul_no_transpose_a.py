"""matmul_backward computes d_a = d_out @ b, without the transpose (it runs only for a square b)."""
CLASS = "transpose"


def matmul_backward(d_out, a, b):
    return d_out @ b, a.T @ d_out
