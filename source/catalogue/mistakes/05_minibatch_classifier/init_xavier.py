"""init_mlp uses the standard deviation sqrt(1 / n_in) instead of He's sqrt(2 / n_in)."""
CLASS = "wrong scale"


def init_mlp(layer_sizes, rng):
    return [(rng.normal(0, np.sqrt(1 / a), size=(a, b)), np.zeros(b))
            for a, b in zip(layer_sizes[:-1], layer_sizes[1:])]
