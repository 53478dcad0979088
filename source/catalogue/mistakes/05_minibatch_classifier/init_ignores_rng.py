"""init_mlp draws from a generator of its own instead of the rng it is given."""
CLASS = "order/shape"


def init_mlp(layer_sizes, rng):
    own = np.random.default_rng(42)
    return [(own.normal(0, np.sqrt(2 / a), size=(a, b)), np.zeros(b))
            for a, b in zip(layer_sizes[:-1], layer_sizes[1:])]
