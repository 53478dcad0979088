from otter.test_files import test_case

OK_FORMAT = False

name = "layer_backward"
points = None

@test_case(points=1, hidden=False)
def test_layer_backward_shapes(layer_backward):
    import numpy as np
    from bpcheck.compare import as_array, expect_tuple
    rng = np.random.default_rng(0)
    inputs, weights, biases = (rng.normal(size=3), rng.normal(size=(3, 4)), rng.normal(size=4))
    z, d_output = (inputs @ weights + biases, rng.normal(size=4))
    what = 'layer_backward with 3 inputs and 4 units'
    names = ('d_weights', 'd_biases', 'd_inputs')
    try:
        got = layer_backward(d_output.copy(), inputs.copy(), weights.copy(), z.copy())
    except ValueError as exc:
        raise AssertionError(f'{what} raised ValueError: {exc}\n  The shapes do not fit together. Here inputs has shape (3,), weights (3, 4), and z, d_output and d_z shape (4,):\n  - d_inputs = weights @ d_z, shape (3,) (weights.T @ d_z and d_z @ weights fit only square weights);\n  - d_weights = np.outer(inputs, d_z), shape (3, 4);\n  - the ReLU derivative is taken at z, shape (4,), not at the inputs, shape (3,).') from None
    got = expect_tuple(got, names, what)
    expected = {'d_weights': (3, 4), 'd_biases': (4,), 'd_inputs': (3,)}
    shapes = [as_array(value, f'{name} from {what}').shape for name, value in zip(names, got)]
    if shapes != [expected[n] for n in names] and sorted(shapes) == sorted(expected.values()):
        moved = '; '.join((f'position {i + 1} has the shape of {n}, {s}' for i, s in enumerate(shapes) for n in names if expected[n] == s and n != names[i]))
        raise AssertionError(f'{what} (weights of shape (3, 4)) returns its results in the wrong order: {moved}. Return (d_weights, d_biases, d_inputs), of shapes (3, 4), (4,) and (3,).')
    hints = {('d_weights', (4, 3)): 'the transpose: use np.outer(inputs, d_z), inputs first, so rows match the rows of weights', ('d_inputs', (4,)): 'one entry per unit instead of one per input: d_inputs = weights @ d_z', ('d_biases', (3,)): 'one entry per input instead of one per unit: d_biases = d_z'}
    problems = []
    for name, shape in zip(names, shapes):
        if shape != expected[name]:
            other = [n for n in names if n != name and expected[n] == shape]
            generic = f'that is the shape of {other[0]}: return the results in the order (d_weights, d_biases, d_inputs)' if other else f'{name} must have the shape of what it is the gradient of'
            hint = hints.get((name, shape), generic)
            problems.append(f'  {name} has shape {shape}, expected {expected[name]}: {hint}')
    if problems:
        raise AssertionError(f'{what} (weights of shape (3, 4)) returns results of the wrong shape:\n' + '\n'.join(problems))

@test_case(points=1, hidden=False)
def test_layer_backward_example(layer_backward):
    import numpy as np
    from bpcheck.compare import Mistake, expect_arrays
    inputs = np.array([1.0, 2.0])
    weights = np.array([[1.0, -1.0, 0.5], [0.5, 1.0, -1.0]])
    z = np.array([2.0, 1.0, -1.0])
    d_output = np.array([0.5, -1.0, 2.0])
    d_z = np.array([0.5, -1.0, 0.0])
    expected = (np.outer(inputs, d_z), d_z, np.array([1.5, -0.75]))
    skipped = 'the ReLU derivative is skipped: first d_z = d_output * relu_gradient(z)'
    relu_not_gradient = 'd_z uses relu(z) where relu_gradient(z) belongs'
    sign = 'd_z uses np.sign(z), which is -1 where z < 0: relu_gradient(z) is 0 there'
    at_d_output = 'the ReLU derivative is taken at d_output (the mask d_output > 0): take it at the pre-activation, d_z = d_output * relu_gradient(z)'
    d_z_sign, d_z_at_d_output = (d_output * np.sign(z), d_output * (d_output > 0))
    mistakes = {'d_weights': [Mistake('d_weights is the transpose: use np.outer(inputs, d_z), inputs first', np.outer(d_z, inputs)), Mistake(skipped, np.outer(inputs, d_output)), Mistake(relu_not_gradient, np.outer(inputs, d_output * np.maximum(0, z))), Mistake(sign, np.outer(inputs, d_z_sign)), Mistake(at_d_output, np.outer(inputs, d_z_at_d_output))], 'd_biases': [Mistake(skipped, d_output), Mistake(relu_not_gradient, d_output * np.maximum(0, z)), Mistake(sign, d_z_sign), Mistake(at_d_output, d_z_at_d_output)], 'd_inputs': [Mistake(skipped, weights @ d_output), Mistake(relu_not_gradient, weights @ (d_output * np.maximum(0, z))), Mistake(sign, weights @ d_z_sign), Mistake(at_d_output, weights @ d_z_at_d_output)]}
    got = layer_backward(d_output.copy(), inputs.copy(), weights.copy(), z.copy())
    expect_arrays(got, expected, ('d_weights', 'd_biases', 'd_inputs'), 'layer_backward on the worked example', mistakes=mistakes)

@test_case(points=1, hidden=False)
def test_layer_backward_finite_differences(layer_backward):
    import numpy as np
    from bpcheck.compare import Mistake, expect_arrays
    from bpcheck.gradcheck import numerical_gradient
    rng = np.random.default_rng(1)
    inputs, weights, d_output = (rng.normal(size=3), rng.normal(size=(3, 4)), rng.normal(size=4))
    z = np.array([0.8, -0.5, 1.3, -1.1])
    biases = z - inputs @ weights

    def loss(x=inputs, w=weights, b=biases):
        return np.sum(d_output * np.maximum(0, x @ w + b))
    numeric = (numerical_gradient(lambda w: loss(w=w), weights), numerical_gradient(lambda b: loss(b=b), biases), numerical_gradient(lambda x: loss(x=x), inputs))
    got = layer_backward(d_output.copy(), inputs.copy(), weights.copy(), z.copy())
    expect_arrays(got, numeric, ('d_weights', 'd_biases', 'd_inputs'), 'layer_backward with 3 inputs and 4 units, compared with finite differences of L = sum(d_output * relu(inputs @ weights + biases))', atol=1e-07, mistakes={'d_weights': [Mistake('the ReLU derivative is skipped: first d_z = d_output * relu_gradient(z)', np.outer(inputs, d_output))], 'd_inputs': [Mistake('the ReLU derivative is skipped: first d_z = d_output * relu_gradient(z)', weights @ d_output)], 'd_biases': [Mistake('the ReLU derivative is skipped: first d_z = d_output * relu_gradient(z)', d_output)]})

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

