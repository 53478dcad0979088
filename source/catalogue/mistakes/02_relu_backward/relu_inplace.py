"""relu zeroes the negative entries of its argument in place and returns it."""
CLASS = "in place"


def relu(x):
    x[x < 0] = 0
    return x
