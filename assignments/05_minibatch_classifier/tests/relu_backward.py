from otter.test_files import test_case

OK_FORMAT = False

name = "relu_backward"
points = None

@test_case(points=1, hidden=False)
def test_relu_backward_example(relu_backward):
    import numpy as np
    from bpcheck.compare import Mistake, Region, expect_array, expect_unchanged
    d_H = np.array([[1.5, -2.0, 0.5], [-1.0, 3.0, 2.0]])
    Z = np.array([[0.5, 1.0, 0.0], [-2.0, 0.0, 0.3]])
    args = [d_H.copy(), Z.copy()]
    got = relu_backward(*args)
    for before, after, name in zip([d_H, Z], args, ['d_H', 'Z']):
        expect_unchanged(before, after, name)
    expect_array(got, np.array([[1.5, -2.0, 0.0], [0.0, 0.0, 2.0]]), 'relu_backward on a batch of 2', mistakes=[Mistake('the mask is taken from d_H: it must come from the pre-activation Z', np.array([[1.5, 0.0, 0.5], [0.0, 3.0, 2.0]])), Mistake('this is the mask alone: multiply it by d_H', np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])), Region("the mask is Z >= 0: the course defines relu'(0) = 0, so units with Z == 0 pass nothing", Z == 0), Region('wrong where Z < 0: no gradient passes a unit whose ReLU was off', Z < 0)])

