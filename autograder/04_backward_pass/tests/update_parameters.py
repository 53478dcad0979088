from otter.test_files import test_case

OK_FORMAT = False

name = "update_parameters"
points = None

@test_case(points=1, hidden=False)
def test_update_parameters_example(update_parameters):
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.public import check
    check(update_parameters, {'function': 'update_parameters', 'kind': 'arrays', 'what': 'update_parameters(params, grads, 0.1)', 'args': [[np.array([[1.0, -2.0], [0.5, 3.0]]), np.array([0.0, 1.0])], [np.array([[0.5, -1.0], [2.0, 0.0]]), np.array([-1.0, 4.0])], 0.1], 'argnames': ['params', 'grads', 'learning_rate'], 'expected': (np.array([[0.95, -1.9], [0.3, 3.0]]), np.array([0.1, 0.6])), 'mistakes': {'new parameter 1': [Mistake('the update adds the gradient: gradient descent subtracts the learning rate times the gradient', np.array([[1.05, -2.1], [0.7, 3.0]])), Mistake('the learning rate is not applied', np.array([[0.5, -1.0], [-1.5, 3.0]])), Mistake('this is the step (learning rate times gradient), not the updated parameter', np.array([[0.05, -0.1], [0.2, 0.0]]))], 'new parameter 2': [Mistake('the update adds the gradient: gradient descent subtracts the learning rate times the gradient', np.array([-0.1, 1.4])), Mistake('the learning rate is not applied', np.array([1.0, -3.0])), Mistake('this is the step (learning rate times gradient), not the updated parameter', np.array([-0.1, 0.4]))]}, 'names': ('new parameter 1', 'new parameter 2')})

@test_case(points=2, hidden=True)
def test_update_parameters_hidden_values(update_parameters):
    from bpcheck import hidden
    hidden.run('update_parameters', 'values', update_parameters)

@test_case(points=1, hidden=True)
def test_update_parameters_hidden_unchanged(update_parameters):
    from bpcheck import hidden
    hidden.run('update_parameters', 'unchanged', update_parameters)

