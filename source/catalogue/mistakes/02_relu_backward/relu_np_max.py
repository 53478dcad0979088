"""relu calls np.max(x, 0), a reduction along axis 0, where np.maximum(x, 0) belongs."""
CLASS = "order/shape"


def relu(x):
    return np.max(x, 0)
