"""minibatches draws every batch at random with replacement, so samples repeat and others are missed."""
CLASS = "order/shape"


def minibatches(n, batch_size, rng):
    sizes = [min(batch_size, n - i) for i in range(0, n, batch_size)]
    return [rng.integers(0, n, size=s) for s in sizes]
