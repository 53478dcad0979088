"""minibatches never shuffles: the same order, 0 to n - 1, every epoch."""
CLASS = "order/shape"


def minibatches(n, batch_size, rng):
    order = np.arange(n)
    return [order[i:i + batch_size] for i in range(0, n, batch_size)]
