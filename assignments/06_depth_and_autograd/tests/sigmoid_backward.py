from otter.test_files import test_case

OK_FORMAT = False

name = "sigmoid_backward"
points = None

@test_case(points=1, hidden=False)
def test_sigmoid_backward_example(sigmoid_backward):
    import numpy as np
    from bpcheck.compare import Mistake, expect_array, expect_unchanged
    H = np.array([0.5, 0.25, 0.9, 0.1])
    d_H = np.array([1.0, 2.0, -1.0, 0.5])
    H_in, d_H_in = (H.copy(), d_H.copy())
    got = sigmoid_backward(d_H_in, H_in)
    expect_array(got, np.array([0.25, 0.375, -0.08999999999999998, 0.045000000000000005]), 'sigmoid_backward(d_H, H) on four units', mistakes=[Mistake("the derivative is evaluated as if H were the pre-activation z: this function receives the output H = sigmoid(z), and sigmoid'(z) written in terms of the output is H (1 - H)", np.array([0.2350037122015945, 0.4922681654751967, -0.2055003073422635, 0.12468802009644599])), Mistake('the result is not multiplied by d_H: the chain rule gives d_Z = d_H times the local derivative', np.array([0.25, 0.1875, 0.08999999999999998, 0.09000000000000001])), Mistake("this is the tanh derivative 1 - H**2, not the sigmoid's H (1 - H)", np.array([0.75, 1.875, -0.18999999999999995, 0.495])), Mistake('a factor is missing: the local derivative is H (1 - H), not (1 - H)', np.array([0.5, 1.5, -0.09999999999999998, 0.45])), Mistake('a factor is missing: the local derivative is H (1 - H), not H', np.array([0.5, 0.5, -0.9, 0.05]))])
    expect_unchanged(H, H_in, 'H')
    expect_unchanged(d_H, d_H_in, 'd_H')

@test_case(points=1, hidden=False)
def test_sigmoid_backward_saturated(sigmoid_backward):
    import numpy as np
    from bpcheck.compare import expect_array
    H = np.array([0.9999999979388463, 1.0, 0.0, 2.0611536366565986e-09])
    with np.errstate(all='ignore'):
        got = sigmoid_backward(np.ones(4), H.copy())
    expect_array(got, np.array([2.0611536879193953e-09, 0.0, 0.0, 2.061153632408244e-09]), 'sigmoid_backward on saturated units (|z| of 20 and more): compute the derivative from H itself, without recovering z', atol=1e-15)

