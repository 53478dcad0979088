"""relu_gradient flattens the mask, so a 2-D input gets a 1-D derivative."""
CLASS = "order/shape"


def relu_gradient(x):
    return (x > 0).astype(float).ravel()
