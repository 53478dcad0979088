"""matmul_backward computes d_b = d_out.T @ a, the transpose of the right gradient."""
CLASS = "transpose"


def matmul_backward(d_out, a, b):
    return d_out @ b.T, d_out.T @ a
