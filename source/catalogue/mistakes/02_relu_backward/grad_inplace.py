"""relu_gradient overwrites its argument with the 0/1 mask and returns it."""
CLASS = "in place"


def relu_gradient(x):
    x[x > 0] = 1
    x[x <= 0] = 0
    return x
