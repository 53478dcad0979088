from otter.test_files import test_case

OK_FORMAT = False

name = "tanh_backward"
points = None

@test_case(points=1, hidden=False)
def test_tanh_backward_example(tanh_backward):
    import numpy as np
    from bpcheck.compare import Mistake, expect_array, expect_unchanged
    H = np.array([0.5, -0.25, 0.9, -0.6])
    d_H = np.array([1.0, 2.0, -1.0, 0.5])
    H_in, d_H_in = (H.copy(), d_H.copy())
    got = tanh_backward(d_H_in, H_in)
    expect_array(got, np.array([0.75, 1.875, -0.18999999999999995, 0.32]), 'tanh_backward(d_H, H) on four units', mistakes=[Mistake("the derivative is evaluated as if H were the pre-activation z: this function receives the output H = tanh(z), and tanh'(z) written in terms of the output is 1 - H**2", np.array([0.7864477329659274, 1.880029697612756, -0.4869173611483415, 0.35578888129361147])), Mistake("the square is missing: tanh'(z) in terms of the output is 1 - H**2, not 1 - H", np.array([0.5, 2.5, -0.09999999999999998, 0.8])), Mistake('this is (1 - H)**2, not 1 - H**2', np.array([0.25, 3.125, -0.009999999999999995, 1.2800000000000002])), Mistake("this is the sigmoid derivative H (1 - H), not the tanh's 1 - H**2", np.array([0.25, -0.625, -0.08999999999999998, -0.48])), Mistake('the result is not multiplied by d_H: the chain rule gives d_Z = d_H times the local derivative', np.array([0.75, 0.9375, 0.18999999999999995, 0.64]))])
    expect_unchanged(H, H_in, 'H')
    expect_unchanged(d_H, d_H_in, 'd_H')

@test_case(points=1, hidden=False)
def test_tanh_backward_saturated(tanh_backward):
    import numpy as np
    from bpcheck.compare import expect_array
    H = np.array([1.0, -1.0, 0.9999092042625951, 0.0])
    with np.errstate(all='ignore'):
        got = tanh_backward(np.ones(4), H.copy())
    expect_array(got, np.array([0.0, 0.0, 0.0001815832309438603, 1.0]), 'tanh_backward on saturated units (|z| of 20): compute the derivative from H itself, without recovering z', atol=1e-15)

@test_case(points=2, hidden=True)
def test_tanh_backward_hidden_values(tanh_backward):
    from bpcheck import hidden
    hidden.run('tanh_backward', 'values', tanh_backward)

@test_case(points=1, hidden=True)
def test_tanh_backward_hidden_gradcheck(tanh_backward):
    from bpcheck import hidden
    hidden.run('tanh_backward', 'gradcheck', tanh_backward)

@test_case(points=1, hidden=True)
def test_tanh_backward_hidden_saturation(tanh_backward):
    from bpcheck import hidden
    hidden.run('tanh_backward', 'saturation', tanh_backward)

@test_case(points=1, hidden=True)
def test_tanh_backward_hidden_unchanged(tanh_backward):
    from bpcheck import hidden
    hidden.run('tanh_backward', 'unchanged', tanh_backward)

