"""Hidden tests: seeded cases checked against the reference and against finite differences.

Each master's hidden test cell is one line, ``hidden.run("<function>", "<aspect>", <function>)``, so the
same checks serve otter (which calls the student's function in its kernel) and the sandboxed grader
(which hands in a proxy that calls it in another process). Aspects:

    values     results match the reference on varied seeded inputs (shapes, signs, dtypes, square and
               non-square weights, output sizes other than 2, and units exactly at ReLU's kink z == 0)
    gradcheck  gradients match central finite differences of the loss they claim to differentiate
               (inputs kept further than the step from ReLU's kink)
    unchanged  the function leaves its arguments, and the arrays inside list arguments, as it found them
    kink       (relu_gradient) the derivative at exactly 0 is 0
    stable     (softmax, cross-entropy) large logits, and logits hundreds apart, give finite, right answers

Messages name the mistake where it is a known one, and never show the hidden inputs or answers.
"""

import zlib

import numpy as np

from . import reference as ref
from .compare import Mistake, Region, expect_array, expect_arrays, expect_scalar, expect_tuple, expect_unchanged, fail
from .gradcheck import max_relative_error, numerical_gradient

# A float32 answer carries about 7 significant digits.
FLOAT32_RTOL = 1e-4


def _rng(*tags):
    """A generator seeded from the test's name, so every run and every student sees the same cases."""
    return np.random.default_rng(zlib.crc32("/".join(map(str, tags)).encode()))


def _away_from_zero(rng, shape, low=0.1, high=2.0):
    """Random values of both signs with |v| in [low, high): never within a finite-difference step of ReLU's kink."""
    return rng.uniform(low, high, size=shape) * rng.choice([-1.0, 1.0], size=shape)


# What to look at when a function raises ValueError (shapes that do not fit), in the student's terms.
SHAPE_HINTS = {
    "layer_backward": "weights has shape (n_in, n_out) and d_z shape (n_out,): d_inputs = weights @ d_z "
                      "(weights.T @ d_z and d_z @ weights fit only square weights), d_weights = np.outer(inputs, "
                      "d_z), and the ReLU derivative is taken at z, which has shape (n_out,)",
    "backward_pass": "W2 has shape (n_hidden, n_out) and d_output shape (n_out,): d_h1 = W2 @ d_output "
                     "(W2.T @ d_output fits only a square W2), and the ReLU derivative is taken at "
                     "z1 = x @ W1 + b1, shape (n_hidden,)",
    "forward_pass": "x has shape (n_in,) and W1 shape (n_in, n_hidden): z1 = x @ W1 + b1 "
                    "(W1 @ x fits only a square W1), then output = h1 @ W2 + b2",
    "softmax": "for a batch of shape (batch, n), take the maximum and the sum along the last axis with "
               "keepdims=True, so that they line up with z",
}


def call(func, name, *args):
    """Call a student's function, turning a missing definition or an exception into a readable failure."""
    if func is None:
        fail(f"{name} is not defined: run the cell that defines it (and keep its name).", "not-defined",
             "the function is not defined")
    if not callable(func):
        fail(f"{name} is a {type(func).__name__}, not a function.", "not-a-function", "not a function")
    try:
        return func(*args)
    except NotImplementedError:
        fail(f"{name} is not implemented yet.", "not-implemented", "not implemented yet")
    except AssertionError as exc:
        raise AssertionError(f"{name} raised AssertionError: {exc}") from None
    except ValueError as exc:
        hint = f"\n  The shapes do not fit together: {SHAPE_HINTS[name]}." if name in SHAPE_HINTS else ""
        fail(f"{name} raised ValueError: {exc}{hint}", "raised-valueerror", "raises ValueError")
    except Exception as exc:
        kind = type(exc).__name__
        fail(f"{name} raised {kind}: {exc}", f"raised-{kind.lower()}", f"raises {kind}")


def _fresh_copy(arg):
    """A deep copy of an argument: arrays are copied, and so are the arrays inside lists and tuples."""
    if isinstance(arg, np.ndarray):
        return arg.copy()
    if isinstance(arg, (list, tuple)):
        return type(arg)(_fresh_copy(a) for a in arg)
    return arg


def _expect_same(before, after, argname):
    """Fail, naming the argument (e.g. params[0]), if ``after`` differs from the untouched ``before``."""
    if isinstance(before, (list, tuple)):
        if not isinstance(after, (list, tuple)) or len(after) != len(before):
            raise AssertionError(f"your function changed its argument {argname}: it now holds {len(after)} "
                                 f"entries instead of {len(before)}. Build a new list instead.")
        for i, (b, a) in enumerate(zip(before, after)):
            _expect_same(b, a, f"{argname}[{i}]")
    elif isinstance(before, np.ndarray):
        expect_unchanged(before, after, argname)


def _check_unchanged(func, name, args, argnames):
    """Call func on copies of args and fail if any of them (or any array inside a list) comes back changed.

    args     : the arguments (arrays, lists or tuples of arrays, numbers)
    argnames : their names as the student's function calls them, for the message
    """
    given = [_fresh_copy(a) for a in args]
    call(func, name, *given)
    for before, after, argname in zip(args, given, argnames):
        _expect_same(before, after, argname)


# --- 01 loss gradient -------------------------------------------------------------------------
def _mse_cases(tag):
    rng = _rng(tag)
    for shape in [(3,), (5,), (4, 3), (2, 5), (1, 6)]:
        yield f"shape {shape}", rng.normal(size=shape), rng.normal(size=shape)
    yield "integer inputs", rng.integers(-5, 5, size=7), rng.integers(-5, 5, size=7)
    yield "float32 inputs", rng.normal(size=(3, 4)).astype(np.float32), rng.normal(size=(3, 4)).astype(np.float32)


def _rtol(*arrays):
    return FLOAT32_RTOL if any(getattr(a, "dtype", None) == np.float32 for a in arrays) else 1e-5


def mse_loss_mistakes(p, t):
    d = np.asarray(p, dtype=float) - np.asarray(t, dtype=float)
    return [
        Mistake("the sum of squared errors, not their mean", np.sum(d ** 2)),
        Mistake("the mean over rows (len) instead of over every element", np.sum(d ** 2) / len(d)),
        Mistake("half the mean squared error (the 1/2 convention)", np.mean(d ** 2) / 2),
        Mistake("the root of the mean squared error (RMSE), not the MSE", np.sqrt(np.mean(d ** 2))),
        Mistake("the mean absolute error, not the mean squared error", np.mean(np.abs(d))),
    ]


def mse_gradient_mistakes(p, t):
    d = np.asarray(p, dtype=float) - np.asarray(t, dtype=float)
    n = d.size
    return [
        Mistake("exactly half the expected gradient: the factor 2 from the square is missing", d / n),
        Mistake("the sign is flipped: the gradient is 2 (predictions - targets) / n, not (targets - predictions)",
                -2 * d / n),
        Mistake("it divides by the number of rows (len) instead of the number of elements (.size)",
                2 * d / len(d)),
        Mistake("the division by n is missing (the gradient of the sum, not the mean)", 2 * d),
        Mistake("this is predictions - targets, the softmax/cross-entropy gradient, not the MSE gradient", d),
        Mistake("this is the gradient of the RMSE, not of the MSE",
                d / (n * np.sqrt(np.mean(d ** 2)))),
    ]


def _mse_loss_values(f):
    for label, p, t in _mse_cases("mse_loss"):
        got = call(f, "mse_loss", p.copy(), t.copy())
        expect_scalar(got, ref.mse_loss(p, t), f"mse_loss on {label}", mistakes=mse_loss_mistakes(p, t),
                      rtol=_rtol(p), reveal=False)


def _mse_gradient_values(f):
    for label, p, t in _mse_cases("mse_gradient"):
        got = call(f, "mse_gradient", p.copy(), t.copy())
        expect_array(got, ref.mse_gradient(p, t), f"mse_gradient on {label}",
                     mistakes=mse_gradient_mistakes(p, t), rtol=_rtol(p), reveal=False)


def _mse_gradient_gradcheck(f):
    rng = _rng("mse_gradient", "gradcheck")
    for shape in [(4,), (3, 2)]:
        p, t = rng.normal(size=shape), rng.normal(size=shape)
        got = call(f, "mse_gradient", p.copy(), t.copy())
        expect_array(got, numerical_gradient(lambda q: ref.mse_loss(q, t), p),
                     f"mse_gradient on shape {shape}, against finite differences of the loss",
                     mistakes=mse_gradient_mistakes(p, t), rtol=1e-5, atol=1e-7, reveal=False)


def _unchanged_two(name):
    def check(f):
        rng = _rng(name, "unchanged")
        p, t = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
        _check_unchanged(f, name, [p, t], ["predictions", "targets"])
    return check


# --- 02 ReLU backward ---------------------------------------------------------------------------
def _relu_inputs(tag):
    rng = _rng(tag)
    yield "a 1-D array of both signs", _away_from_zero(rng, (7,))
    yield "a 2-D array of both signs", _away_from_zero(rng, (3, 4))
    yield "an all-negative array", -rng.uniform(0.1, 3, size=5)
    yield "integer inputs", np.array([-3, -1, 0, 2, 5])
    yield "float32 inputs", _away_from_zero(rng, (2, 3)).astype(np.float32)
    yield "a 3-D array", _away_from_zero(rng, (2, 2, 3))


def relu_mistakes(x):
    """Known wrong relus, and where a relu that is wrong only for negative inputs shows."""
    x = np.asarray(x, dtype=float)
    return [Mistake("this is |x|, not max(0, x)", np.abs(x)),
            Mistake("this is min(0, x): max and min are swapped", np.minimum(0, x)),
            Mistake("this is the derivative (a 0/1 mask), not the activation", (x > 0).astype(float)),
            Mistake("this is x itself: relu(x) is 0 wherever x < 0", x),
            Mistake("this is np.max(x, 0), a maximum along axis 0: np.maximum(0, x) compares entry by entry",
                    np.max(x, 0)),
            Region("wrong only where x < 0: relu(x) = max(0, x) is 0 for every negative input", x < 0)]


def relu_gradient_mistakes(x):
    """Known wrong ReLU derivatives, and where a mask that is wrong only at 0 or only below 0 shows."""
    x = np.asarray(x, dtype=float)
    return [Mistake("this is relu(x) itself, not its derivative", np.maximum(0, x)),
            Mistake("the mask is flipped: 1 where x <= 0 instead of where x > 0", (x <= 0).astype(float)),
            Mistake("wrong only where x == 0: the course defines relu'(0) = 0 (use x > 0, not x >= 0)",
                    (x >= 0).astype(float)),
            Mistake("this is all ones: the mask must be 0 where x <= 0", np.ones_like(x)),
            Mistake("this is np.sign(x): the derivative is 0, not -1, where x < 0", np.sign(x)),
            Mistake("this is np.clip(x, 0, 1), which equals x between 0 and 1: the derivative is 1 for every x > 0",
                    np.clip(x, 0, 1)),
            Mistake("this is x itself, not a 0/1 mask", x),
            Region("wrong only where x == 0: the course defines relu'(0) = 0 (use x > 0, not x >= 0)", x == 0),
            Region("wrong only where x < 0: the derivative of max(0, x) is 0 for every negative input", x < 0)]


def _relu_values(f):
    for label, x in _relu_inputs("relu"):
        expect_array(call(f, "relu", x.copy()), ref.relu(x), f"relu on {label}", mistakes=relu_mistakes(x),
                     rtol=_rtol(x), reveal=False)


def _relu_gradient_values(f):
    for label, x in _relu_inputs("relu_gradient"):
        expect_array(call(f, "relu_gradient", x.copy()), ref.relu_gradient(x), f"relu_gradient on {label}",
                     mistakes=relu_gradient_mistakes(x), reveal=False)


def _relu_gradient_kink(f):
    x = np.array([[-1.5, 0.0, 2.0], [0.0, 3.0, -0.0]])
    expect_array(call(f, "relu_gradient", x.copy()), ref.relu_gradient(x), "relu_gradient on inputs with exact zeros",
                 mistakes=relu_gradient_mistakes(x), reveal=False)


def _relu_gradient_gradcheck(f):
    rng = _rng("relu_gradient", "gradcheck")
    x = _away_from_zero(rng, (6,))
    numeric = numerical_gradient(lambda v: np.sum(ref.relu(v)), x)
    expect_array(call(f, "relu_gradient", x.copy()), numeric, "relu_gradient against finite differences of relu",
                 mistakes=relu_gradient_mistakes(x), rtol=1e-5, atol=1e-7, reveal=False)


def _unchanged_one(name):
    def check(f):
        x = _away_from_zero(_rng(name, "unchanged"), (3, 4))
        _check_unchanged(f, name, [x], ["x"])
    return check


# --- 03 one layer backward ----------------------------------------------------------------------
LAYER_NAMES = ("d_weights", "d_biases", "d_inputs")


def _layer_cases(tag):
    """(label, d_output, inputs, weights, z) with z kept away from 0, square and non-square weights."""
    rng = _rng(tag)
    for n_in, n_out in [(3, 4), (4, 4), (5, 2), (2, 3)]:
        inputs, weights = rng.normal(size=n_in), rng.normal(size=(n_in, n_out))
        biases = rng.normal(size=n_out)
        z = inputs @ weights + biases
        z = np.where(np.abs(z) < 0.1, z + 0.3, z)  # keep every unit clear of the kink
        d_output = rng.normal(size=n_out)
        yield f"{n_in} inputs and {n_out} units", d_output, inputs, weights, z
    inputs = rng.normal(size=3).astype(np.float32)
    weights = rng.normal(size=(3, 3)).astype(np.float32)
    z = np.array([0.5, -0.7, 1.2], dtype=np.float32)
    yield "float32 inputs", rng.normal(size=3).astype(np.float32), inputs, weights, z


def _layer_kink_case(tag):
    """(label, d_output, inputs, weights, z) where some units sit exactly at ReLU's kink, z == 0."""
    rng = _rng(tag)
    inputs, weights = rng.normal(size=4), rng.normal(size=(4, 5))
    z = np.array([0.0, 1.3, 0.0, -0.8, 0.6])
    return "some units exactly at z == 0", rng.normal(size=5), inputs, weights, z


def layer_mistakes(d_output, inputs, weights, z):
    """{result name: [Mistake]} for layer_backward: wrong derivatives, transposes, a derivative applied twice."""
    d_output, inputs, weights, z = (np.asarray(a, dtype=float) for a in (d_output, inputs, weights, z))
    d_z = d_output * (z > 0)
    wrong_d_z = [
        ("the ReLU derivative is skipped: first d_z = d_output * relu_gradient(z)", d_output),
        ("d_z uses relu(z) where relu_gradient(z) belongs", d_output * np.maximum(0, z)),
        ("wrong only where z == 0: the course defines relu'(0) = 0, so the mask is z > 0, not z >= 0",
         d_output * (z >= 0)),
        ("the derivative used is np.sign(z), which is -1 where z < 0: relu_gradient(z) is 0 there",
         d_output * np.sign(z)),
        ("the ReLU derivative is taken at d_output instead of at z: d_z = d_output * relu_gradient(z)",
         d_output * (d_output > 0)),
    ]
    if inputs.shape == z.shape:
        wrong_d_z.append(("the ReLU derivative is taken at the inputs instead of at z", d_output * (inputs > 0)))
    mistakes = {
        "d_weights": [Mistake("d_weights is the transpose of the expected one: use np.outer(inputs, d_z), "
                              "inputs first", np.outer(d_z, inputs))],
        "d_biases": [],
        "d_inputs": [Mistake("a ReLU derivative is applied a second time, to d_inputs at the layer's inputs: "
                             "d_inputs = weights @ d_z, with no mask", (weights @ d_z) * (inputs > 0))],
    }
    if weights.shape[0] == weights.shape[1]:
        mistakes["d_inputs"].insert(0, Mistake("d_inputs multiplies by weights.T where weights belongs: "
                                               "use weights @ d_z", weights.T @ d_z))
    for label, wrong in wrong_d_z:
        mistakes["d_weights"].append(Mistake(label, np.outer(inputs, wrong)))
        mistakes["d_biases"].append(Mistake(label, wrong))
        mistakes["d_inputs"].append(Mistake(label, weights @ wrong))
    at_kink = "wrong only in the columns of units where z == 0: the course defines relu'(0) = 0 (mask z > 0)"
    mistakes["d_weights"].append(Region(at_kink, (z == 0)[None, :]))
    mistakes["d_biases"].append(Region("wrong only where z == 0: the course defines relu'(0) = 0 (mask z > 0)",
                                       z == 0))
    return mistakes


def _clean(mistakes):
    """Drop Mistakes without a candidate (a mistake that cannot occur for these shapes)."""
    return {k: [m for m in v if not isinstance(m, Mistake) or m.candidate is not None] for k, v in mistakes.items()}


def _layer_backward_values(f):
    cases = list(_layer_cases("layer_backward")) + [_layer_kink_case("layer_backward/kink")]
    for label, d_output, inputs, weights, z in cases:
        got = call(f, "layer_backward", d_output.copy(), inputs.copy(), weights.copy(), z.copy())
        expect_arrays(got, ref.layer_backward(d_output, inputs, weights, z), LAYER_NAMES,
                      f"layer_backward with {label}", mistakes=_clean(layer_mistakes(d_output, inputs, weights, z)),
                      rtol=_rtol(inputs), reveal=False)


def _layer_backward_gradcheck(f):
    """Differentiate L = sum(d_output * relu(inputs @ weights + biases)), whose dL/dh is d_output."""
    for label, d_output, inputs, weights, z in list(_layer_cases("layer_backward/gradcheck"))[:3]:
        biases = z - inputs @ weights  # the biases that produce this z

        def loss(w=weights, b=biases, x=inputs):
            return float(np.sum(d_output * ref.relu(x @ w + b)))

        numeric = (numerical_gradient(lambda w: loss(w=w), weights),
                   numerical_gradient(lambda b: loss(b=b), biases),
                   numerical_gradient(lambda x: loss(x=x), inputs))
        got = call(f, "layer_backward", d_output.copy(), inputs.copy(), weights.copy(), z.copy())
        expect_arrays(got, numeric, LAYER_NAMES, f"layer_backward with {label}, against finite differences",
                      mistakes=_clean(layer_mistakes(d_output, inputs, weights, z)), rtol=1e-5, atol=1e-7,
                      reveal=False)


def _layer_backward_unchanged(f):
    (_, d_output, inputs, weights, z), *_ = _layer_cases("layer_backward/unchanged")
    _check_unchanged(f, "layer_backward", [d_output, inputs, weights, z], ["d_output", "inputs", "weights", "z"])


# --- 04 full backward pass ----------------------------------------------------------------------
NET_NAMES = ("d_W1", "d_b1", "d_W2", "d_b2")


def _net_cases(tag):
    """(label, x, y, W1, b1, W2, b2) with every hidden unit clear of ReLU's kink."""
    rng = _rng(tag)
    for n_in, n_hidden, n_out in [(3, 4, 2), (4, 4, 4), (2, 5, 3), (3, 3, 1)]:
        x, W1 = rng.normal(size=n_in), rng.normal(size=(n_in, n_hidden))
        b1 = rng.normal(size=n_hidden)
        z1 = x @ W1 + b1
        b1 = np.where(np.abs(z1) < 0.1, b1 + 0.3, b1)
        W2, b2, y = rng.normal(size=(n_hidden, n_out)), rng.normal(size=n_out), rng.normal(size=n_out)
        yield f"a {n_in}-{n_hidden}-{n_out} network", x, y, W1, b1, W2, b2


def _net_kink_case(tag):
    """(label, x, y, W1, b1, W2, b2) whose hidden units 1 and 3 sit exactly at ReLU's kink, z1 == 0.

    x and W1 hold small integers, so x @ W1 is exact however it is computed (@, np.dot, einsum, loops).
    """
    rng = _rng(tag)
    x = np.array([1.0, -2.0, 3.0])
    W1 = rng.integers(-3, 4, size=(3, 4)).astype(float)
    b1 = np.array([0.0, 1.0, 0.0, -2.0]) - x @ W1
    W2, b2, y = rng.normal(size=(4, 3)), rng.normal(size=3), rng.normal(size=3)
    return "a 3-4-3 network with hidden units exactly at z1 == 0", x, y, W1, b1, W2, b2


def net_mistakes(x, y, W1, b1, W2, b2):
    """{result name: [Mistake]} for backward_pass: wrong loss gradients, derivatives, transposes."""
    z1 = x @ W1 + b1
    h1 = np.maximum(0, z1)
    out = h1 @ W2 + b2
    n = out.size
    mask = (z1 > 0).astype(float)
    d_out = 2 * (out - y) / n

    def grads(d_o=d_out, d_h1_rule=lambda d: W2 @ d, act=mask):
        d_z1 = d_h1_rule(d_o) * act
        return {"d_W1": np.outer(x, d_z1), "d_b1": d_z1, "d_W2": np.outer(h1, d_o), "d_b2": d_o}

    variants = [
        ("exactly half the expected gradients: the MSE gradient's factor 2 is missing, "
         "d_output = 2 (output - y_true) / n", grads(d_o=(out - y) / n)),
        ("the loss gradient is output - y_true (the softmax/cross-entropy gradient), not the MSE gradient "
         "2 (output - y_true) / n", grads(d_o=out - y)),
        ("the loss gradient is not divided by n: the MSE is a mean, so d_output = 2 (output - y_true) / n",
         grads(d_o=2 * (out - y))),
        ("the sign of the loss gradient is flipped: d_output = 2 (output - y_true) / n", grads(d_o=-d_out)),
        ("the ReLU derivative is skipped in the hidden layer: d_z1 = d_h1 * relu_gradient(z1)",
         grads(act=np.ones_like(z1))),
        ("the hidden layer's derivative uses relu(z1) = h1 where relu_gradient(z1) belongs", grads(act=h1)),
        ("wrong only where z1 == 0: the course defines relu'(0) = 0, so the mask is z1 > 0, not z1 >= 0",
         grads(act=(z1 >= 0).astype(float))),
        ("the derivative used is np.sign(z1), which is -1 where z1 < 0: relu_gradient(z1) is 0 there",
         grads(act=np.sign(z1))),
        ("a ReLU derivative is applied at the output layer, which is linear: d_output = mse_gradient(output, "
         "y_true), with no mask", grads(d_o=d_out * (out > 0))),
    ]
    if x.shape == z1.shape:
        variants.append(("the ReLU derivative is taken at x instead of at z1 = x @ W1 + b1",
                         grads(act=(x > 0).astype(float))))
    if W2.shape[0] == W2.shape[1]:
        variants.append(("d_h1 multiplies by W2.T where W2 belongs: with weights stored (n_in, n_out), "
                         "d_h1 = W2 @ d_output", grads(d_h1_rule=lambda d: W2.T @ d)))
    mistakes = {name: [] for name in NET_NAMES}
    d_z1 = (W2 @ d_out) * mask
    mistakes["d_W2"].append(Mistake("d_W2 is the transpose of the expected one: use np.outer(h1, d_output)",
                                    np.outer(d_out, h1)))
    mistakes["d_W1"].append(Mistake("d_W1 is the transpose of the expected one: use np.outer(x, d_z1)",
                                    np.outer(d_z1, x)))
    for label, g in variants:
        for name in NET_NAMES:
            mistakes[name].append(Mistake(label, g[name]))
    mistakes["d_W1"].append(Region("wrong only in the columns of hidden units where z1 == 0: the course defines "
                                   "relu'(0) = 0 (mask z1 > 0)", (z1 == 0)[None, :]))
    mistakes["d_b1"].append(Region("wrong only where z1 == 0: the course defines relu'(0) = 0 (mask z1 > 0)",
                                   z1 == 0))
    return mistakes


def _backward_pass_values(f):
    cases = list(_net_cases("backward_pass")) + [_net_kink_case("backward_pass/kink")]
    for label, x, y, W1, b1, W2, b2 in cases:
        h1, out = ref.forward_pass(x, W1, b1, W2, b2)
        got = call(f, "backward_pass", *(a.copy() for a in (x, y, W1, b1, W2, b2, h1, out)))
        expect_arrays(got, ref.backward_pass(x, y, W1, b1, W2, b2, h1, out), NET_NAMES, f"backward_pass on {label}",
                      mistakes=net_mistakes(x, y, W1, b1, W2, b2), reveal=False)


def _backward_pass_gradcheck(f):
    for label, x, y, W1, b1, W2, b2 in list(_net_cases("backward_pass/gradcheck"))[:3]:
        params = [W1, b1, W2, b2]

        def loss_at(i, value):
            p = list(params)
            p[i] = value
            return ref.mse_loss(ref.forward_pass(x, *p)[1], y)

        numeric = tuple(numerical_gradient(lambda v, i=i: loss_at(i, v), params[i]) for i in range(4))
        h1, out = ref.forward_pass(x, W1, b1, W2, b2)
        got = call(f, "backward_pass", *(a.copy() for a in (x, y, W1, b1, W2, b2, h1, out)))
        expect_arrays(got, numeric, NET_NAMES, f"backward_pass on {label}, against finite differences of the loss",
                      mistakes=net_mistakes(x, y, W1, b1, W2, b2), rtol=1e-5, atol=1e-7, reveal=False)


def _backward_pass_unchanged(f):
    (_, x, y, W1, b1, W2, b2), *_ = _net_cases("backward_pass/unchanged")
    h1, out = ref.forward_pass(x, W1, b1, W2, b2)
    _check_unchanged(f, "backward_pass", [x, y, W1, b1, W2, b2, h1, out],
                     ["x", "y_true", "W1", "b1", "W2", "b2", "h1", "output"])


def _forward_pass_values(f):
    for label, x, y, W1, b1, W2, b2 in _net_cases("forward_pass"):
        got = call(f, "forward_pass", x.copy(), W1.copy(), b1.copy(), W2.copy(), b2.copy())
        h1, out = ref.forward_pass(x, W1, b1, W2, b2)
        expect_arrays(got, (h1, out), ("h1", "output"), f"forward_pass on {label}", mistakes={
            "output": [Mistake("the output layer has a ReLU: the output is linear, h1 @ W2 + b2",
                               np.maximum(0, out))],
            "h1": [Mistake("h1 is missing the ReLU: h1 = relu(x @ W1 + b1)", x @ W1 + b1)]}, reveal=False)


def _forward_pass_unchanged(f):
    (_, x, _, W1, b1, W2, b2), *_ = _net_cases("forward_pass/unchanged")
    _check_unchanged(f, "forward_pass", [x, W1, b1, W2, b2], ["x", "W1", "b1", "W2", "b2"])


def _update_cases(tag):
    rng = _rng(tag)
    shapes = [(3, 4), (4,), (4, 2), (2,)]
    params = [rng.normal(size=s) for s in shapes]
    grads = [rng.normal(size=s) for s in shapes]
    return params, grads


def _update_parameters_values(f):
    for lr in (0.1, 0.01):
        params, grads = _update_cases(f"update_parameters/{lr}")
        got = call(f, "update_parameters", [p.copy() for p in params], [g.copy() for g in grads], lr)
        expected = ref.update_parameters(params, grads, lr)
        names = tuple(f"parameter {i + 1}" for i in range(len(params)))
        mistakes = {n: [Mistake("the update adds the gradient: gradient descent subtracts learning_rate * grad",
                                p + lr * g),
                        Mistake("the learning rate is not applied", p - g),
                        Mistake("this is learning_rate * grad, the step, not the updated parameter", lr * g)]
                    for n, p, g in zip(names, params, grads)}
        expect_arrays(got, expected, names, f"update_parameters with learning rate {lr}", mistakes=mistakes,
                      reveal=False)


def _update_parameters_unchanged(f):
    params, grads = _update_cases("update_parameters/unchanged")
    _check_unchanged(f, "update_parameters", [params, grads, 0.1], ["params", "grads", "learning_rate"])


TRAIN_NAMES = ("new W1", "new b1", "new W2", "new b2")


def train_step_mistakes(x, y, params, learning_rate):
    """{name: [Mistake]} for train_step's new parameters: a wrong step, or a step with a known wrong gradient."""
    h1, out = ref.forward_pass(x, *params)
    grads = ref.backward_pass(x, y, *params, h1, out)
    wrong_grads = net_mistakes(x, y, *params)
    mistakes = {}
    for name, grad_name, p, g in zip(TRAIN_NAMES, NET_NAMES, params, grads):
        mistakes[name] = [
            Mistake("the step goes along the gradient: new p = p - learning_rate * g, not p + learning_rate * g",
                    p + learning_rate * g),
            Mistake("the parameters come back unchanged: return the updated ones", p),
            Mistake("the learning rate is not applied: new p = p - learning_rate * g", p - g)]
        for m in wrong_grads[grad_name]:
            if isinstance(m, Mistake) and np.shape(m.candidate) == p.shape:
                mistakes[name].append(Mistake(f"the step uses wrong gradients: {m.label}",
                                              p - learning_rate * m.candidate, id=f"wrong-gradients-{m.key}"))
    return mistakes


def _train_step_values(f):
    for label, x, y, W1, b1, W2, b2 in list(_net_cases("train_step"))[:3]:
        params = (W1, b1, W2, b2)
        got = call(f, "train_step", x.copy(), y.copy(), tuple(p.copy() for p in params), 0.05)
        new_params, loss = ref.train_step(x, y, params, 0.05)
        what = f"train_step on {label}"
        if (isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[1], (tuple, list))
                and isinstance(got[0], (int, float, np.number, np.ndarray)) and np.ndim(got[0]) == 0):
            fail(f"{what} returns its results in the wrong order: (loss, new_params); "
                 "return (new_params, loss).", "wrong-order", "the results come back in the wrong order")
        got_params, got_loss = expect_tuple(got, ("new_params", "loss"), what)
        expect_scalar(got_loss, loss, f"the loss from {what} (measured before the update)",
                      mistakes=[Mistake("the loss is measured after the update, not before",
                                        ref.mse_loss(ref.forward_pass(x, *new_params)[1], y))], reveal=False)
        expect_arrays(got_params, tuple(new_params), TRAIN_NAMES, f"the new_params from {what}",
                      mistakes=train_step_mistakes(x, y, params, 0.05), reveal=False)


def _train_step_unchanged(f):
    (_, x, y, W1, b1, W2, b2), *_ = _net_cases("train_step/unchanged")
    _check_unchanged(f, "train_step", [x, y, (W1, b1, W2, b2), 0.05], ["x", "y_true", "params", "learning_rate"])


def _softmax_values(f):
    rng = _rng("softmax")
    for label, z in [("a 1-D vector", rng.normal(size=5)), ("a batch of shape (3, 4)", rng.normal(size=(3, 4))),
                     ("2 classes", rng.normal(size=2)), ("float32 logits", rng.normal(size=6).astype(np.float32))]:
        expected = ref.softmax(z)
        z64 = np.asarray(z, dtype=float)
        mistakes = [Mistake("the batch is normalised over the wrong axis (columns instead of rows)",
                            np.exp(z64) / np.sum(np.exp(z64), axis=0, keepdims=True)),
                    Mistake("the batch is normalised over all entries at once, not row by row",
                            np.exp(z64) / np.sum(np.exp(z64))),
                    Mistake("the exponentials are not normalised to sum to 1", np.exp(z64))]
        expect_array(call(f, "softmax", z.copy()), expected, f"softmax on {label}", mistakes=mistakes,
                     rtol=_rtol(z), reveal=False)


def _softmax_stable(f):
    """Logits far from 0, and rows whose logits lie far apart: each overflows or underflows a naive exp."""
    cases = [("a batch of very large and very negative logits",
              np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1002.0, -1001.0]])),
             ("logits hundreds apart", np.array([800.0, -800.0, 0.0])),
             ("a batch whose rows hold logits hundreds apart", np.array([[0.0, 750.0, -750.0], [-5.0, 3.0, 1.0]]))]
    for label, z in cases:
        expect_array(call(f, "softmax", z.copy()), ref.softmax(z),
                     f"softmax on {label} (subtract each row's maximum before np.exp)", reveal=False)


def _softmax_unchanged(f):
    z = _rng("softmax/unchanged").normal(size=(2, 3))
    _check_unchanged(f, "softmax", [z], ["z"])


def _ce_cases(tag):
    rng = _rng(tag)
    for n in (3, 2, 5):
        z = rng.normal(size=n) * 2
        y = np.zeros(n)
        y[rng.integers(n)] = 1.0
        yield f"{n} classes, one-hot target", z, y
    z = rng.normal(size=4)
    yield "4 classes, soft target", z, rng.dirichlet(np.ones(4))


def ce_mistakes(z, y):
    """Known wrong gradients of the cross-entropy with respect to the logits z (y: the targets)."""
    p = ref.softmax(z)
    return [Mistake("the sign is flipped: the gradient is softmax(z) - y, not y - softmax(z)", y - p),
            Mistake("this is the MSE gradient 2(softmax(z) - y)/n, not the cross-entropy gradient", 2 * (p - y) / len(y)),
            Mistake("softmax(z) - y must use the softmax of the logits, not the logits themselves", z - y),
            Mistake("softmax(z) - y is divided by the number of classes: the loss sums over the classes, so the "
                    "gradient is softmax(z) - y itself", (p - y) / len(y)),
            Mistake("this is softmax(z) alone: y is not subtracted", p)]


def _cross_entropy_loss_values(f):
    for label, z, y in _ce_cases("cross_entropy_loss"):
        p = ref.softmax(z)
        expect_scalar(call(f, "cross_entropy_loss", z.copy(), y.copy()), ref.cross_entropy_loss(z, y),
                      f"cross_entropy_loss on {label}", mistakes=[
                          Mistake("the minus sign is missing", -ref.cross_entropy_loss(z, y)),
                          Mistake("the loss takes log of the logits' softmax with the wrong base", -np.sum(y * np.log10(p))),
                          Mistake("the loss is averaged over classes instead of summed", ref.cross_entropy_loss(z, y) / len(y)),
                          Mistake("this is the mean squared error between softmax(logits) and y_true, not the "
                                  "cross-entropy -sum(y_true * log(softmax(logits)))", np.mean((p - y) ** 2))],
                      reveal=False,
                      hint="sum y_true * log-probabilities over the classes (for example with np.sum)")


def _cross_entropy_loss_stable(f):
    z, y = np.array([1000.0, 0.0, -1000.0]), np.array([0.0, 1.0, 0.0])
    with np.errstate(all="ignore"):
        capped = -np.sum(y * np.log(ref.softmax(z) + 1e-8))
    expect_scalar(call(f, "cross_entropy_loss", z.copy(), y.copy()), ref.cross_entropy_loss(z, y),
                  "cross_entropy_loss on logits of size 1000 (use a stable log-softmax)", mistakes=[
                      Mistake("log(softmax + 1e-8) caps the loss near 18.4 once a probability underflows to 0: "
                              "compute log-probabilities with log-sum-exp, z - max(z) - log(sum(exp(z - max(z))))",
                              capped)], reveal=False,
                  hint="sum y_true * log-probabilities over the classes (for example with np.sum)")


def _softmax_cross_entropy_gradient_values(f):
    for label, z, y in _ce_cases("softmax_cross_entropy_gradient"):
        expect_array(call(f, "softmax_cross_entropy_gradient", z.copy(), y.copy()),
                     ref.softmax_cross_entropy_gradient(z, y), f"softmax_cross_entropy_gradient on {label}",
                     mistakes=ce_mistakes(z, y), reveal=False)


def _softmax_cross_entropy_gradient_gradcheck(f):
    for label, z, y in list(_ce_cases("softmax_cross_entropy_gradient/gradcheck"))[:2]:
        numeric = numerical_gradient(lambda v: ref.cross_entropy_loss(v, y), z)
        expect_array(call(f, "softmax_cross_entropy_gradient", z.copy(), y.copy()), numeric,
                     f"softmax_cross_entropy_gradient on {label}, against finite differences of the loss",
                     mistakes=ce_mistakes(z, y), rtol=1e-5, atol=1e-7, reveal=False)


def _softmax_cross_entropy_gradient_stable(f):
    z, y = np.array([1000.0, 0.0, -1000.0]), np.array([0.0, 1.0, 0.0])
    expect_array(call(f, "softmax_cross_entropy_gradient", z.copy(), y.copy()), ref.softmax_cross_entropy_gradient(z, y),
                 "softmax_cross_entropy_gradient on logits of size 1000", mistakes=ce_mistakes(z, y), reveal=False)


def _unchanged_logits(name):
    def check(f):
        rng = _rng(name, "unchanged")
        z, y = rng.normal(size=4), np.array([0.0, 0.0, 1.0, 0.0])
        _check_unchanged(f, name, [z, y], ["logits", "y_true"])
    return check


CHECKS = {
    ("mse_loss", "values"): _mse_loss_values,
    ("mse_loss", "unchanged"): _unchanged_two("mse_loss"),
    ("mse_gradient", "values"): _mse_gradient_values,
    ("mse_gradient", "gradcheck"): _mse_gradient_gradcheck,
    ("mse_gradient", "unchanged"): _unchanged_two("mse_gradient"),
    ("relu", "values"): _relu_values,
    ("relu", "unchanged"): _unchanged_one("relu"),
    ("relu_gradient", "values"): _relu_gradient_values,
    ("relu_gradient", "kink"): _relu_gradient_kink,
    ("relu_gradient", "gradcheck"): _relu_gradient_gradcheck,
    ("relu_gradient", "unchanged"): _unchanged_one("relu_gradient"),
    ("layer_backward", "values"): _layer_backward_values,
    ("layer_backward", "gradcheck"): _layer_backward_gradcheck,
    ("layer_backward", "unchanged"): _layer_backward_unchanged,
    ("forward_pass", "values"): _forward_pass_values,
    ("forward_pass", "unchanged"): _forward_pass_unchanged,
    ("backward_pass", "values"): _backward_pass_values,
    ("backward_pass", "gradcheck"): _backward_pass_gradcheck,
    ("backward_pass", "unchanged"): _backward_pass_unchanged,
    ("update_parameters", "values"): _update_parameters_values,
    ("update_parameters", "unchanged"): _update_parameters_unchanged,
    ("train_step", "values"): _train_step_values,
    ("train_step", "unchanged"): _train_step_unchanged,
    ("softmax", "values"): _softmax_values,
    ("softmax", "stable"): _softmax_stable,
    ("softmax", "unchanged"): _softmax_unchanged,
    ("cross_entropy_loss", "values"): _cross_entropy_loss_values,
    ("cross_entropy_loss", "stable"): _cross_entropy_loss_stable,
    ("cross_entropy_loss", "unchanged"): _unchanged_logits("cross_entropy_loss"),
    ("softmax_cross_entropy_gradient", "values"): _softmax_cross_entropy_gradient_values,
    ("softmax_cross_entropy_gradient", "gradcheck"): _softmax_cross_entropy_gradient_gradcheck,
    ("softmax_cross_entropy_gradient", "stable"): _softmax_cross_entropy_gradient_stable,
    ("softmax_cross_entropy_gradient", "unchanged"): _unchanged_logits("softmax_cross_entropy_gradient"),
}


def run(function_name, aspect, func):
    """Run one hidden check of a student's function; raises AssertionError with a student-facing message."""
    CHECKS[(function_name, aspect)](func)
