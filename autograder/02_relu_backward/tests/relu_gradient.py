from otter.test_files import test_case

OK_FORMAT = False

name = "relu_gradient"
points = None

@test_case(points=1, hidden=False)
def test_relu_gradient_example(relu_gradient):
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.public import check
    check(relu_gradient, {'function': 'relu_gradient', 'kind': 'array', 'what': 'relu_gradient([-2, -1, 0, 1, 2])', 'args': [np.array([-2.0, -1.0, 0.0, 1.0, 2.0])], 'argnames': ['x'], 'expected': np.array([0.0, 0.0, 0.0, 1.0, 1.0]), 'mistakes': [Mistake('this is relu(x) itself, not its derivative', np.array([0.0, 0.0, 0.0, 1.0, 2.0])), Mistake('the mask is flipped: 1 where x <= 0 instead of where x > 0', np.array([1.0, 1.0, 1.0, 0.0, 0.0])), Mistake("wrong only where x == 0: the course defines relu'(0) = 0 (the derivative is 1 only where x > 0, strictly)", np.array([0.0, 0.0, 1.0, 1.0, 1.0])), Mistake('this is all ones: the mask must be 0 where x <= 0', np.array([1.0, 1.0, 1.0, 1.0, 1.0])), Mistake('this is np.sign(x): the derivative is 0, not -1, where x < 0', np.array([-1.0, -1.0, 0.0, 1.0, 1.0])), Mistake('this is np.clip(x, 0, 1), which equals x between 0 and 1: the derivative is 1 for every x > 0', np.array([0.0, 0.0, 0.0, 1.0, 1.0])), Mistake('this is x itself, not a 0/1 mask', np.array([-2.0, -1.0, 0.0, 1.0, 2.0])), Region("wrong only where x == 0: the course defines relu'(0) = 0 (the derivative is 1 only where x > 0, strictly)", np.array([False, False, True, False, False])), Region('wrong only where x < 0: the derivative of max(0, x) is 0 for every negative input', np.array([True, True, False, False, False]))]})

@test_case(points=1, hidden=False)
def test_relu_gradient_finite_differences(relu_gradient, relu):
    import numpy as np
    import numpy as np
    from bpcheck.compare import Mistake, Region
    from bpcheck.compare import expect_array
    from bpcheck.gradcheck import numerical_gradient
    from bpcheck.public import call, check, works
    check(relu_gradient, {'function': 'relu_gradient', 'kind': 'array', 'what': 'relu_gradient on a (2, 3) array', 'args': [np.array([[0.7, -1.2, 2.5], [-0.3, 1.1, -2.0]])], 'argnames': ['x'], 'expected': np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]), 'mistakes': [Mistake('this is relu(x) itself, not its derivative', np.array([[0.7, 0.0, 2.5], [0.0, 1.1, 0.0]])), Mistake('the mask is flipped: 1 where x <= 0 instead of where x > 0', np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 1.0]])), Mistake("wrong only where x == 0: the course defines relu'(0) = 0 (the derivative is 1 only where x > 0, strictly)", np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])), Mistake('this is all ones: the mask must be 0 where x <= 0', np.array([[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]])), Mistake('this is np.sign(x): the derivative is 0, not -1, where x < 0', np.array([[1.0, -1.0, 1.0], [-1.0, 1.0, -1.0]])), Mistake('this is np.clip(x, 0, 1), which equals x between 0 and 1: the derivative is 1 for every x > 0', np.array([[0.7, 0.0, 1.0], [0.0, 1.0, 0.0]])), Mistake('this is x itself, not a 0/1 mask', np.array([[0.7, -1.2, 2.5], [-0.3, 1.1, -2.0]])), Region("wrong only where x == 0: the course defines relu'(0) = 0 (the derivative is 1 only where x > 0, strictly)", np.array([[False, False, False], [False, False, False]])), Region('wrong only where x < 0: the derivative of max(0, x) is 0 for every negative input', np.array([[False, True, False], [True, False, True]]))]})
    x = np.array([[0.7, -1.2, 2.5], [-0.3, 1.1, -2.0]])
    if not works(relu, {'function': 'relu', 'kind': 'array', 'what': 'relu([-2, -1, 0, 1, 2])', 'args': [np.array([-2.0, -1.0, 0.0, 1.0, 2.0])], 'argnames': ['x'], 'expected': np.array([0.0, 0.0, 0.0, 1.0, 2.0]), 'mistakes': [Mistake('this is |x|, not max(0, x)', np.array([2.0, 1.0, 0.0, 1.0, 2.0])), Mistake('this is min(0, x): max and min are swapped', np.array([-2.0, -1.0, 0.0, 0.0, 0.0])), Mistake('this is the derivative (a 0/1 mask), not the activation', np.array([0.0, 0.0, 0.0, 1.0, 1.0])), Mistake('this is x itself: relu(x) is 0 wherever x < 0', np.array([-2.0, -1.0, 0.0, 1.0, 2.0])), Mistake('this is np.max(x, 0), the largest entries along axis 0: relu compares every entry with 0 on its own (np.maximum compares entry by entry; np.max reduces)', 2.0), Region('wrong only where x < 0: relu(x) = max(0, x) is 0 for every negative input', np.array([True, True, False, False, False]))]}):
        return
    numeric = numerical_gradient(lambda v: np.sum(call(relu, 'relu', v)), x)
    expect_array(call(relu_gradient, 'relu_gradient', x.copy()), numeric, 'relu_gradient on a (2, 3) array, compared with finite differences of your relu', atol=1e-07)

@test_case(points=2, hidden=True)
def test_relu_gradient_hidden_values(relu_gradient):
    from bpcheck import hidden
    hidden.run('relu_gradient', 'values', relu_gradient)

@test_case(points=1, hidden=True)
def test_relu_gradient_hidden_kink(relu_gradient):
    from bpcheck import hidden
    hidden.run('relu_gradient', 'kink', relu_gradient)

@test_case(points=1, hidden=True)
def test_relu_gradient_hidden_gradcheck(relu_gradient):
    from bpcheck import hidden
    hidden.run('relu_gradient', 'gradcheck', relu_gradient)

@test_case(points=1, hidden=True)
def test_relu_gradient_hidden_unchanged(relu_gradient):
    from bpcheck import hidden
    hidden.run('relu_gradient', 'unchanged', relu_gradient)

