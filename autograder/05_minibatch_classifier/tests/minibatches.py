from otter.test_files import test_case

OK_FORMAT = False

name = "minibatches"
points = None

@test_case(points=1, hidden=False)
def test_minibatches_example(minibatches):
    import numpy as np
    got = minibatches(10, 4, np.random.default_rng(0))
    try:
        batches = [np.asarray(batch) for batch in got]
    except TypeError:
        raise AssertionError(f'minibatches must return a list of index arrays, not a {type(got).__name__}.') from None
    sizes = [len(batch) for batch in batches]
    everything = np.concatenate(batches) if batches else np.array([], dtype=int)
    if sizes == [4, 4]:
        raise AssertionError('minibatches(10, 4, rng) drops the last, shorter batch: keep it, so that every sample is used in every epoch.')
    if len(set(everything.tolist())) != len(everything):
        raise AssertionError('minibatches(10, 4, rng) repeats samples: cut one permutation into slices, so that each index appears exactly once per epoch.')
    if sorted(everything.tolist()) != list(range(10)):
        raise AssertionError('minibatches(10, 4, rng) does not hold every index 0 .. 9 exactly once.')
    if sizes != [4, 4, 2]:
        raise AssertionError(f'minibatches(10, 4, rng) has batches of sizes {sizes}: expected [4, 4, 2], full batches first and a shorter last one.')
    expected = [[4, 6, 2, 7], [3, 5, 9, 0], [8, 1]]
    if [batch.tolist() for batch in batches] != expected:
        raise AssertionError(f'minibatches(10, 4, np.random.default_rng(0)) holds the right batch sizes but not the stated order: draw one rng.permutation(n) and cut it into consecutive slices.\n  expected {expected}\n  got      {[batch.tolist() for batch in batches]}')

@test_case(points=1, hidden=True)
def test_minibatches_hidden_values(minibatches):
    from bpcheck import hidden
    hidden.run('minibatches', 'values', minibatches)

@test_case(points=1, hidden=True)
def test_minibatches_hidden_edges(minibatches):
    from bpcheck import hidden
    hidden.run('minibatches', 'edges', minibatches)

