"""matmul_backward returns (d_b, d_a) instead of (d_a, d_b)."""
CLASS = "order/shape"


def matmul_backward(d_out, a, b):
    return a.T @ d_out, d_out @ b.T
