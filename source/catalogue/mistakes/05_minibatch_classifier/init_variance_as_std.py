"""init_mlp uses 2 / n_in, the variance, as the standard deviation."""
CLASS = "wrong scale"


def init_mlp(layer_sizes, rng):
    return [(rng.normal(0, 2 / a, size=(a, b)), np.zeros(b)) for a, b in zip(layer_sizes[:-1], layer_sizes[1:])]
