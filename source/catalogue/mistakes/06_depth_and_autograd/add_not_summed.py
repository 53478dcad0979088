"""add_backward passes d_out through to both operands, never summed back to a broadcast operand's shape."""
CLASS = "broadcasting"


def add_backward(d_out, a, b):
    return d_out, d_out
