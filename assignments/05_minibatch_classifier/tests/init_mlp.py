from otter.test_files import test_case

OK_FORMAT = False

name = "init_mlp"
points = None

@test_case(points=1, hidden=False)
def test_init_mlp_example(init_mlp):
    import numpy as np
    from bpcheck.compare import Mistake, expect_pairs, expect_tuple
    sizes = [3, 4, 2]
    got = init_mlp(list(sizes), np.random.default_rng(0))
    layers = expect_tuple(got, ('layer 1', 'layer 2'), 'init_mlp([3, 4, 2], rng)')
    for i, layer in enumerate(layers):
        _, b = expect_tuple(layer, ('W', 'b'), f'entry {i + 1} of init_mlp([3, 4, 2], rng)')
        if np.shape(b) == (sizes[i + 1],) and np.any(np.asarray(b) != 0):
            raise AssertionError(f'the biases of layer {i + 1} are not zero: He initialisation starts every bias at 0 (and draws only the weights from rng).')
    again = init_mlp(list(sizes), np.random.default_rng(0))
    other = init_mlp(list(sizes), np.random.default_rng(1))
    if not np.array_equal(np.asarray(got[0][0]), np.asarray(again[0][0])):
        raise AssertionError('init_mlp gives different weights for two generators with the same seed: draw every weight from the rng it is given (not from np.random or a generator of your own).')
    if np.array_equal(np.asarray(got[0][0]), np.asarray(other[0][0])):
        raise AssertionError('init_mlp gives the same weights for generators with different seeds: it ignores the rng it is given. Draw the weights from rng.')
    W1, W2 = (np.array([[0.102658295642, -0.107863169201, 0.522902904436, 0.085650586994], [-0.437372211694, 0.295241126014, 1.064711578378, 0.773288368257], [-0.574597413915, -1.033212304542, -0.508901467641, 0.033742520841]]), np.array([[-1.644045027215, -0.154709069234], [-0.880992079557, -0.517791212152], [-0.3848492175, -0.223657985459], [0.291066743614, 0.737168273011]]))
    he = [np.sqrt(2 / 3), np.sqrt(2 / 4)]
    mistakes = {}
    for name, W, s, (n_in, n_out) in [('W of layer 1', W1, he[0], (3, 4)), ('W of layer 2', W2, he[1], (4, 2))]:
        mistakes[name] = [Mistake('the weights have standard deviation 1: He initialisation scales them by sqrt(2 / n_in)', W / s), Mistake('the scale is sqrt(1 / n_in) (LeCun/Xavier): He initialisation uses sqrt(2 / n_in) for ReLU layers', W / s * np.sqrt(1 / n_in)), Mistake('the scale uses n_out where n_in belongs: sqrt(2 / n_in)', W / s * np.sqrt(2 / n_out)), Mistake('2 / n_in is the variance: the standard deviation is its square root', W / s * 2 / n_in)]
    expect_pairs(got, [(W1, np.zeros(4)), (W2, np.zeros(2))], ('W', 'b'), 'init_mlp([3, 4, 2], np.random.default_rng(0))', mistakes=mistakes)

