from otter.test_files import test_case

OK_FORMAT = False

name = "update_parameters"
points = None

@test_case(points=1, hidden=False)
def test_update_parameters_example(update_parameters):
    import numpy as np
    from bpcheck.compare import Mistake, expect_arrays
    params = [np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([0.0, 1.0])]
    grads = [np.array([[0.5, -1.0], [2.0, 0.0]]), np.array([-1.0, 4.0])]
    params_in, grads_in = ([p.copy() for p in params], [g.copy() for g in grads])
    got = update_parameters(params_in, grads_in, 0.1)
    for what, before, after in [('params', params, params_in), ('grads', grads, grads_in)]:
        for i, (b, a) in enumerate(zip(before, after)):
            if not np.array_equal(a, b):
                raise AssertionError(f"update_parameters changed {what}[{i}], which belongs to the caller. It updates in place (p -= learning_rate * g, p[...] = ..., or replacing the entries of the list it was given). Then the caller's own arrays change behind its back: the parameters it holds from before the step are silently overwritten with the new ones. Build new arrays instead: p - learning_rate * g leaves p as it was.")
    names = ('new parameter 1', 'new parameter 2')
    mistakes = {n: [Mistake('the gradient is added: gradient descent subtracts learning_rate * g', p + 0.1 * g), Mistake('the learning rate is not applied: p - learning_rate * g', p - g), Mistake('this is the step learning_rate * g, not the updated parameter', 0.1 * g)] for n, p, g in zip(names, params, grads)}
    expected = (np.array([[0.95, -1.9], [0.3, 3.0]]), np.array([0.1, 0.6]))
    expect_arrays(got, expected, names, 'update_parameters(params, grads, 0.1)', mistakes=mistakes)

@test_case(points=2, hidden=True)
def test_update_parameters_hidden_values(update_parameters):
    from bpcheck import hidden
    hidden.run('update_parameters', 'values', update_parameters)

@test_case(points=1, hidden=True)
def test_update_parameters_hidden_unchanged(update_parameters):
    from bpcheck import hidden
    hidden.run('update_parameters', 'unchanged', update_parameters)

