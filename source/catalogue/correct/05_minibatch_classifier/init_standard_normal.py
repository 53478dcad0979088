"""init_mlp with rng.standard_normal times the scale, and tuples built in a loop."""
CLASS = "correct"


def init_mlp(layer_sizes, rng):
    params = []
    for i in range(len(layer_sizes) - 1):
        n_in, n_out = layer_sizes[i], layer_sizes[i + 1]
        params.append((rng.standard_normal((n_in, n_out)) * np.sqrt(2 / n_in), np.zeros(n_out)))
    return params
