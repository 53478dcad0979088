"""init_mlp draws the biases at random too instead of starting them at zero."""
CLASS = "order/shape"


def init_mlp(layer_sizes, rng):
    params = []
    for a, b in zip(layer_sizes[:-1], layer_sizes[1:]):
        W = rng.normal(0, np.sqrt(2 / a), size=(a, b))
        params.append((W, rng.normal(0, 0.1, size=b)))
    return params
