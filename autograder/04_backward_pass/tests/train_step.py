from otter.test_files import test_case

OK_FORMAT = False

name = "train_step"
points = None

@test_case(points=1, hidden=False)
def test_train_step_lowers_loss(train_step):
    import numpy as np
    from bpcheck.compare import Mistake, as_array, expect_scalar, expect_tuple
    rng = np.random.default_rng(11)
    x, y_true = (rng.normal(size=3), rng.normal(size=2))
    params = (rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=(4, 2)), rng.normal(size=2))
    names = ('W1', 'b1', 'W2', 'b2')

    def loss_at(p):
        out = np.maximum(0, x @ p[0] + p[1]) @ p[2] + p[3]
        return float(np.mean((out - y_true) ** 2))
    before = loss_at(params)
    got = train_step(x.copy(), y_true.copy(), tuple((p.copy() for p in params)), 0.01)
    new_params, loss = expect_tuple(got, ('new_params', 'loss'), 'train_step')
    if isinstance(loss, (tuple, list)) and (not isinstance(new_params, (tuple, list))) and isinstance(new_params, (int, float, np.number, np.ndarray)) and (np.ndim(new_params) == 0):
        raise AssertionError('train_step returns its results in the wrong order: (loss, new_params), a number first and the parameters second; return (new_params, loss).')
    new_params = expect_tuple(new_params, names, 'the new_params from train_step')
    for name, new, old in zip(names, new_params, params):
        shape = as_array(new, f'the new {name} from train_step').shape
        if shape != old.shape:
            raise AssertionError(f'the new {name} from train_step has shape {shape}, expected {old.shape}.')
    after = loss_at(new_params)
    expect_scalar(loss, before, 'the loss returned by train_step (it must be the loss before the update)', mistakes=[Mistake("it is the loss after the update: return the loss of the forward pass's output, which the gradients were computed for", after)])
    if not after < before:
        why = 'The parameters came back unchanged: return the updated ones.' if after == before else 'The step must go against the gradients from backward_pass: p - learning_rate * g.'
        raise AssertionError(f'one train_step with learning rate 0.01 did not lower the loss on a seeded 3-4-2 network: {before:.6g} before, {after:.6g} after. {why}')

@test_case(points=2, hidden=True)
def test_train_step_hidden_values(train_step):
    from bpcheck import hidden
    hidden.run('train_step', 'values', train_step)

@test_case(points=1, hidden=True)
def test_train_step_hidden_unchanged(train_step):
    from bpcheck import hidden
    hidden.run('train_step', 'unchanged', train_step)

