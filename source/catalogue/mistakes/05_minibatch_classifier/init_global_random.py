"""init_mlp draws from np.random's global state instead of the rng it is given."""
CLASS = "order/shape"


def init_mlp(layer_sizes, rng):
    return [(np.random.randn(a, b) * np.sqrt(2 / a), np.zeros(b))
            for a, b in zip(layer_sizes[:-1], layer_sizes[1:])]
