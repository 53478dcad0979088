from otter.test_files import test_case

OK_FORMAT = False

name = "layer_backward"
points = None

@test_case(points=1, hidden=False)
def test_layer_backward_example(layer_backward):
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.public import check
    check(layer_backward, {'function': 'layer_backward', 'kind': 'arrays', 'what': 'layer_backward on the worked example', 'args': [np.array([0.5, -1.0, 2.0]), np.array([1.0, 2.0]), np.array([[1.0, -1.0, 0.5], [0.5, 1.0, -1.0]]), np.array([2.0, 1.0, -1.0])], 'argnames': ['d_output', 'inputs', 'weights', 'z'], 'expected': (np.array([[0.5, -1.0, 0.0], [1.0, -2.0, 0.0]]), np.array([0.5, -1.0, 0.0]), np.array([1.5, -0.75])), 'mistakes': {'d_weights': [Mistake('d_weights is the transpose of the expected one: entry (i, j) is inputs[i] times d_z[j], one row per input like weights', np.array([[0.5, 1.0], [-1.0, -2.0], [0.0, 0.0]])), Mistake('the ReLU derivative is skipped: d_z is d_output times the derivative of relu at z', np.array([[0.5, -1.0, 2.0], [1.0, -2.0, 4.0]])), Mistake('d_z uses relu(z) where relu_gradient(z) belongs', np.array([[1.0, -1.0, 0.0], [2.0, -2.0, 0.0]])), Mistake("wrong only where z == 0: the course defines relu'(0) = 0, so the mask is z > 0, not z >= 0", np.array([[0.5, -1.0, 0.0], [1.0, -2.0, 0.0]])), Mistake('the derivative used is np.sign(z), which is -1 where z < 0: relu_gradient(z) is 0 there', np.array([[0.5, -1.0, -2.0], [1.0, -2.0, -4.0]])), Mistake('the ReLU derivative is taken at d_output instead of at the pre-activation z', np.array([[0.5, -0.0, 2.0], [1.0, -0.0, 4.0]])), Region("wrong only in the columns of units where z == 0: the course defines relu'(0) = 0 (mask z > 0)", np.array([[False, False, False]]))], 'd_biases': [Mistake('the ReLU derivative is skipped: d_z is d_output times the derivative of relu at z', np.array([0.5, -1.0, 2.0])), Mistake('d_z uses relu(z) where relu_gradient(z) belongs', np.array([1.0, -1.0, 0.0])), Mistake("wrong only where z == 0: the course defines relu'(0) = 0, so the mask is z > 0, not z >= 0", np.array([0.5, -1.0, 0.0])), Mistake('the derivative used is np.sign(z), which is -1 where z < 0: relu_gradient(z) is 0 there', np.array([0.5, -1.0, -2.0])), Mistake('the ReLU derivative is taken at d_output instead of at the pre-activation z', np.array([0.5, -0.0, 2.0])), Region("wrong only where z == 0: the course defines relu'(0) = 0 (mask z > 0)", np.array([False, False, False]))], 'd_inputs': [Mistake("a ReLU derivative is applied a second time, to d_inputs at the layer's inputs: d_inputs carries no mask (the layer below applies its own)", np.array([1.5, -0.75])), Mistake('the ReLU derivative is skipped: d_z is d_output times the derivative of relu at z', np.array([2.5, -2.75])), Mistake('d_z uses relu(z) where relu_gradient(z) belongs', np.array([2.0, -0.5])), Mistake("wrong only where z == 0: the course defines relu'(0) = 0, so the mask is z > 0, not z >= 0", np.array([1.5, -0.75])), Mistake('the derivative used is np.sign(z), which is -1 where z < 0: relu_gradient(z) is 0 there', np.array([0.5, 1.25])), Mistake('the ReLU derivative is taken at d_output instead of at the pre-activation z', np.array([1.5, -1.75]))]}, 'names': ('d_weights', 'd_biases', 'd_inputs')})

@test_case(points=1, hidden=False)
def test_layer_backward_kink(layer_backward):
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.public import check
    check(layer_backward, {'function': 'layer_backward', 'kind': 'arrays', 'what': 'layer_backward with 3 inputs and 3 units, unit 1 exactly at z == 0', 'args': [np.array([1.0, -0.5, 2.0]), np.array([0.5, -1.0, 1.5]), np.array([[1.0, 0.5, -1.0], [2.0, -1.0, 0.5], [0.5, 1.0, 1.0]]), np.array([0.0, 1.5, -0.5])], 'argnames': ['d_output', 'inputs', 'weights', 'z'], 'expected': (np.array([[0.0, -0.25, 0.0], [-0.0, 0.5, -0.0], [0.0, -0.75, 0.0]]), np.array([0.0, -0.5, 0.0]), np.array([-0.25, 0.5, -0.5])), 'mistakes': {'d_weights': [Mistake('d_weights is the transpose of the expected one: entry (i, j) is inputs[i] times d_z[j], one row per input like weights', np.array([[0.0, -0.0, 0.0], [-0.25, 0.5, -0.75], [0.0, -0.0, 0.0]])), Mistake('the ReLU derivative is skipped: d_z is d_output times the derivative of relu at z', np.array([[0.5, -0.25, 1.0], [-1.0, 0.5, -2.0], [1.5, -0.75, 3.0]])), Mistake('d_z uses relu(z) where relu_gradient(z) belongs', np.array([[0.0, -0.375, 0.0], [-0.0, 0.75, -0.0], [0.0, -1.125, 0.0]])), Mistake("wrong only where z == 0: the course defines relu'(0) = 0, so the mask is z > 0, not z >= 0", np.array([[0.5, -0.25, 0.0], [-1.0, 0.5, -0.0], [1.5, -0.75, 0.0]])), Mistake('the derivative used is np.sign(z), which is -1 where z < 0: relu_gradient(z) is 0 there', np.array([[0.0, -0.25, -1.0], [-0.0, 0.5, 2.0], [0.0, -0.75, -3.0]])), Mistake('the ReLU derivative is taken at d_output instead of at the pre-activation z', np.array([[0.5, -0.0, 1.0], [-1.0, 0.0, -2.0], [1.5, -0.0, 3.0]])), Mistake('the ReLU derivative is taken at the inputs instead of at z', np.array([[0.5, -0.0, 1.0], [-1.0, 0.0, -2.0], [1.5, -0.0, 3.0]])), Region("wrong only in the columns of units where z == 0: the course defines relu'(0) = 0 (mask z > 0)", np.array([[True, False, False]]))], 'd_biases': [Mistake('the ReLU derivative is skipped: d_z is d_output times the derivative of relu at z', np.array([1.0, -0.5, 2.0])), Mistake('d_z uses relu(z) where relu_gradient(z) belongs', np.array([0.0, -0.75, 0.0])), Mistake("wrong only where z == 0: the course defines relu'(0) = 0, so the mask is z > 0, not z >= 0", np.array([1.0, -0.5, 0.0])), Mistake('the derivative used is np.sign(z), which is -1 where z < 0: relu_gradient(z) is 0 there', np.array([0.0, -0.5, -2.0])), Mistake('the ReLU derivative is taken at d_output instead of at the pre-activation z', np.array([1.0, -0.0, 2.0])), Mistake('the ReLU derivative is taken at the inputs instead of at z', np.array([1.0, -0.0, 2.0])), Region("wrong only where z == 0: the course defines relu'(0) = 0 (mask z > 0)", np.array([True, False, False]))], 'd_inputs': [Mistake('d_inputs uses the transpose of weights: with weights stored (n_in, n_out), d_inputs[i] sums weights[i, j] * d_z[j] over the units j, no transpose', np.array([-1.0, 0.5, -0.25])), Mistake("a ReLU derivative is applied a second time, to d_inputs at the layer's inputs: d_inputs carries no mask (the layer below applies its own)", np.array([-0.25, 0.0, -0.5])), Mistake('the ReLU derivative is skipped: d_z is d_output times the derivative of relu at z', np.array([-1.25, 3.5, 2.0])), Mistake('d_z uses relu(z) where relu_gradient(z) belongs', np.array([-0.375, 0.75, -0.75])), Mistake("wrong only where z == 0: the course defines relu'(0) = 0, so the mask is z > 0, not z >= 0", np.array([0.75, 2.5, 0.0])), Mistake('the derivative used is np.sign(z), which is -1 where z < 0: relu_gradient(z) is 0 there', np.array([1.75, -0.5, -2.5])), Mistake('the ReLU derivative is taken at d_output instead of at the pre-activation z', np.array([-1.0, 3.0, 2.5])), Mistake('the ReLU derivative is taken at the inputs instead of at z', np.array([-1.0, 3.0, 2.5]))]}, 'names': ('d_weights', 'd_biases', 'd_inputs')})

@test_case(points=1, hidden=False)
def test_layer_backward_finite_differences(layer_backward, layer_forward):
    import numpy as np
    from bpcheck.compare import expect_arrays
    from bpcheck.gradcheck import numerical_gradient
    from bpcheck.public import call
    inputs = np.array([0.6, -1.1, 0.4])
    weights = np.array([[0.5, -1.2, 0.8, 0.3], [-0.7, 0.4, 0.9, -1.5], [1.1, 0.6, -0.4, 0.2]])
    biases = np.array([0.2, -0.3, 0.1, 0.4])
    d_output = np.array([1.3, -0.6, 0.9, -2.1])

    def loss(x=inputs, w=weights, b=biases):
        return np.sum(d_output * call(layer_forward, 'layer_forward', x, w, b)[1])
    z = call(layer_forward, 'layer_forward', inputs, weights, biases)[0]
    numeric = (numerical_gradient(lambda w: loss(w=w), weights), numerical_gradient(lambda b: loss(b=b), biases), numerical_gradient(lambda x: loss(x=x), inputs))
    got = call(layer_backward, 'layer_backward', d_output.copy(), inputs.copy(), weights.copy(), z.copy())
    expect_arrays(got, numeric, ('d_weights', 'd_biases', 'd_inputs'), 'layer_backward with 3 inputs and 4 units, compared with finite differences of L = sum(d_output * h), h from layer_forward', atol=1e-07)

@test_case(points=3, hidden=True)
def test_layer_backward_hidden_values(layer_backward):
    from bpcheck import hidden
    hidden.run('layer_backward', 'values', layer_backward)

@test_case(points=2, hidden=True)
def test_layer_backward_hidden_gradcheck(layer_backward):
    from bpcheck import hidden
    hidden.run('layer_backward', 'gradcheck', layer_backward)

@test_case(points=1, hidden=True)
def test_layer_backward_hidden_unchanged(layer_backward):
    from bpcheck import hidden
    hidden.run('layer_backward', 'unchanged', layer_backward)

