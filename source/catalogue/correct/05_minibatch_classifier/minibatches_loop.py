"""minibatches with a while loop."""
CLASS = "correct"


def minibatches(n, batch_size, rng):
    order = rng.permutation(n)
    batches, start = [], 0
    while start < n:
        batches.append(order[start:start + batch_size])
        start += batch_size
    return batches
