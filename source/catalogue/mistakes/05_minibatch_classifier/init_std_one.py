"""init_mlp uses standard-normal weights, without the sqrt(2 / n_in) scale."""
CLASS = "wrong scale"


def init_mlp(layer_sizes, rng):
    return [(rng.normal(size=(a, b)), np.zeros(b)) for a, b in zip(layer_sizes[:-1], layer_sizes[1:])]
