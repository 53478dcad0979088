"""init_mlp scales by sqrt(2 / n_out) instead of sqrt(2 / n_in)."""
CLASS = "wrong scale"


def init_mlp(layer_sizes, rng):
    return [(rng.normal(0, np.sqrt(2 / b), size=(a, b)), np.zeros(b))
            for a, b in zip(layer_sizes[:-1], layer_sizes[1:])]
