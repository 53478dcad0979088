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

Each check registers itself where it is defined, beside the other checks of the same function:
``@hidden_check("<function>", "<aspect>")`` on a checker ``def``, or one line
``register("<function>", "<aspect>", factory("<function>"))`` right after a factory that makes checkers
(``_unchanged_two``, ``_activation_values``, ...). Both add to ``CHECKS``, {(function, aspect): checker},
which ``run`` looks up (and the accuracy and compat tests read); registering a key a second time raises
ValueError at import, naming the key, so a copied line cannot silently replace a check.
"""

import zlib

import numpy as np

from . import reference as ref
from .compare import (
    Mistake,
    Region,
    expect_array,
    expect_arrays,
    expect_gradients,
    expect_pairs,
    expect_scalar,
    expect_topological_order,
    expect_tuple,
    expect_unchanged,
)
from .gradcheck import numerical_gradient
from .public import SHAPE_HINTS, call, check_unchanged, expect_params_and_loss

# A float32 answer carries about 7 significant digits.
FLOAT32_RTOL = 1e-4


# --- the registry -------------------------------------------------------------------------------
CHECKS = {}  # (function name, aspect) -> checker(func); filled in beside each check below


def register(function_name, aspect, checker):
    """Make checker the hidden check (function_name, aspect); a key registered twice is an error at import."""
    key = (function_name, aspect)
    if key in CHECKS:
        raise ValueError(f"hidden check {key!r} is registered twice: first {CHECKS[key].__qualname__}, then "
                         f"{checker.__qualname__}")
    if not callable(checker):
        raise TypeError(f"hidden check {key!r} must be callable, not {type(checker).__name__}")
    CHECKS[key] = checker
    return checker


def hidden_check(function_name, aspect):
    """Decorator: register the function as the hidden check (function_name, aspect) and return it unchanged."""
    def decorate(checker):
        return register(function_name, aspect, checker)
    return decorate


def _rng(*tags):
    """A generator seeded from the test's name, so every run and every student sees the same cases."""
    return np.random.default_rng(zlib.crc32("/".join(map(str, tags)).encode()))


def _away_from_zero(rng, shape, low=0.1, high=2.0):
    """Random values of both signs with |v| in [low, high): never within a finite-difference step of ReLU's kink."""
    return rng.uniform(low, high, size=shape) * rng.choice([-1.0, 1.0], size=shape)


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


@hidden_check("mse_loss", "values")
def _mse_loss_values(f):
    for label, p, t in _mse_cases("mse_loss"):
        got = call(f, "mse_loss", p.copy(), t.copy())
        expect_scalar(got, ref.mse_loss(p, t), f"mse_loss on {label}", mistakes=mse_loss_mistakes(p, t),
                      rtol=_rtol(p), reveal=False)


@hidden_check("mse_gradient", "values")
def _mse_gradient_values(f):
    for label, p, t in _mse_cases("mse_gradient"):
        got = call(f, "mse_gradient", p.copy(), t.copy())
        expect_array(got, ref.mse_gradient(p, t), f"mse_gradient on {label}",
                     mistakes=mse_gradient_mistakes(p, t), rtol=_rtol(p), reveal=False)


@hidden_check("mse_gradient", "gradcheck")
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
        check_unchanged(f, name, [p, t], ["predictions", "targets"])
    return check


register("mse_loss", "unchanged", _unchanged_two("mse_loss"))
register("mse_gradient", "unchanged", _unchanged_two("mse_gradient"))


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
            Mistake("this is np.max(x, 0), the largest entries along axis 0: relu compares every entry with 0 on its own "
                    "(np.maximum compares entry by entry; np.max reduces)",
                    np.max(x, 0)),
            Region("wrong only where x < 0: relu(x) = max(0, x) is 0 for every negative input", x < 0)]


def relu_gradient_mistakes(x):
    """Known wrong ReLU derivatives, and where a mask that is wrong only at 0 or only below 0 shows."""
    x = np.asarray(x, dtype=float)
    return [Mistake("this is relu(x) itself, not its derivative", np.maximum(0, x)),
            Mistake("the mask is flipped: 1 where x <= 0 instead of where x > 0", (x <= 0).astype(float)),
            Mistake("wrong only where x == 0: the course defines relu'(0) = 0 (the derivative is 1 only where "
                    "x > 0, strictly)",
                    (x >= 0).astype(float)),
            Mistake("this is all ones: the mask must be 0 where x <= 0", np.ones_like(x)),
            Mistake("this is np.sign(x): the derivative is 0, not -1, where x < 0", np.sign(x)),
            Mistake("this is np.clip(x, 0, 1), which equals x between 0 and 1: the derivative is 1 for every x > 0",
                    np.clip(x, 0, 1)),
            Mistake("this is x itself, not a 0/1 mask", x),
            Region("wrong only where x == 0: the course defines relu'(0) = 0 (the derivative is 1 only where "
                   "x > 0, strictly)", x == 0),
            Region("wrong only where x < 0: the derivative of max(0, x) is 0 for every negative input", x < 0)]


@hidden_check("relu", "values")
def _relu_values(f):
    for label, x in _relu_inputs("relu"):
        expect_array(call(f, "relu", x.copy()), ref.relu(x), f"relu on {label}", mistakes=relu_mistakes(x),
                     rtol=_rtol(x), reveal=False)


@hidden_check("relu_gradient", "values")
def _relu_gradient_values(f):
    for label, x in _relu_inputs("relu_gradient"):
        expect_array(call(f, "relu_gradient", x.copy()), ref.relu_gradient(x), f"relu_gradient on {label}",
                     mistakes=relu_gradient_mistakes(x), reveal=False)


@hidden_check("relu_gradient", "kink")
def _relu_gradient_kink(f):
    x = np.array([[-1.5, 0.0, 2.0], [0.0, 3.0, -0.0]])
    expect_array(call(f, "relu_gradient", x.copy()), ref.relu_gradient(x), "relu_gradient on inputs with exact zeros",
                 mistakes=relu_gradient_mistakes(x), reveal=False)


@hidden_check("relu_gradient", "gradcheck")
def _relu_gradient_gradcheck(f):
    rng = _rng("relu_gradient", "gradcheck")
    x = _away_from_zero(rng, (6,))
    numeric = numerical_gradient(lambda v: np.sum(ref.relu(v)), x)
    expect_array(call(f, "relu_gradient", x.copy()), numeric, "relu_gradient against finite differences of relu",
                 mistakes=relu_gradient_mistakes(x), rtol=1e-5, atol=1e-7, reveal=False)


def _unchanged_one(name):
    def check(f):
        x = _away_from_zero(_rng(name, "unchanged"), (3, 4))
        check_unchanged(f, name, [x], ["x"])
    return check


register("relu", "unchanged", _unchanged_one("relu"))
register("relu_gradient", "unchanged", _unchanged_one("relu_gradient"))


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
        ("the ReLU derivative is skipped: d_z is d_output times the derivative of relu at z", d_output),
        ("d_z uses relu(z) where relu_gradient(z) belongs", d_output * np.maximum(0, z)),
        ("wrong only where z == 0: the course defines relu'(0) = 0, so the mask is z > 0, not z >= 0",
         d_output * (z >= 0)),
        ("the derivative used is np.sign(z), which is -1 where z < 0: relu_gradient(z) is 0 there",
         d_output * np.sign(z)),
        ("the ReLU derivative is taken at d_output instead of at the pre-activation z",
         d_output * (d_output > 0)),
    ]
    if inputs.shape == z.shape:
        wrong_d_z.append(("the ReLU derivative is taken at the inputs instead of at z", d_output * (inputs > 0)))
    mistakes = {
        "d_weights": [Mistake("d_weights is the transpose of the expected one: entry (i, j) is inputs[i] times d_z[j], "
                              "one row per input like weights", np.outer(d_z, inputs))],
        "d_biases": [],
        "d_inputs": [Mistake("a ReLU derivative is applied a second time, to d_inputs at the layer's inputs: "
                             "d_inputs carries no mask (the layer below applies its own)", (weights @ d_z) * (inputs > 0))],
    }
    if weights.shape[0] == weights.shape[1]:
        mistakes["d_inputs"].insert(0, Mistake("d_inputs uses the transpose of weights: with weights stored "
                                               "(n_in, n_out), d_inputs[i] sums weights[i, j] * d_z[j] over "
                                               "the units j, no transpose", weights.T @ d_z))
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


@hidden_check("layer_backward", "values")
def _layer_backward_values(f):
    cases = list(_layer_cases("layer_backward")) + [_layer_kink_case("layer_backward/kink")]
    for label, d_output, inputs, weights, z in cases:
        got = call(f, "layer_backward", d_output.copy(), inputs.copy(), weights.copy(), z.copy())
        expect_arrays(got, ref.layer_backward(d_output, inputs, weights, z), LAYER_NAMES,
                      f"layer_backward with {label}", mistakes=_clean(layer_mistakes(d_output, inputs, weights, z)),
                      rtol=_rtol(inputs), reveal=False)


@hidden_check("layer_backward", "gradcheck")
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


@hidden_check("layer_backward", "unchanged")
def _layer_backward_unchanged(f):
    (_, d_output, inputs, weights, z), *_ = _layer_cases("layer_backward/unchanged")
    check_unchanged(f, "layer_backward", [d_output, inputs, weights, z], ["d_output", "inputs", "weights", "z"])


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
         "dL/d output = 2 (output - y_true) / n", grads(d_o=(out - y) / n)),
        ("the loss gradient is output - y_true (the softmax/cross-entropy gradient), not the MSE gradient "
         "2 (output - y_true) / n", grads(d_o=out - y)),
        ("the loss gradient is not divided by n: the MSE is a mean, so dL/d output = 2 (output - y_true) / n",
         grads(d_o=2 * (out - y))),
        ("the sign of the loss gradient is flipped: dL/d output = 2 (output - y_true) / n, prediction minus target",
         grads(d_o=-d_out)),
        ("the ReLU derivative is skipped in the hidden layer: dL/dz1 is dL/dh1 times relu'(z1)",
         grads(act=np.ones_like(z1))),
        ("the hidden layer's derivative uses relu(z1) = h1 where relu_gradient(z1) belongs", grads(act=h1)),
        ("wrong only where z1 == 0: the course defines relu'(0) = 0, so the mask is z1 > 0, not z1 >= 0",
         grads(act=(z1 >= 0).astype(float))),
        ("the derivative used is np.sign(z1), which is -1 where z1 < 0: relu_gradient(z1) is 0 there",
         grads(act=np.sign(z1))),
        ("a ReLU derivative is applied at the output layer, which is linear: the loss gradient "
         "reaches W2 and b2 with no mask", grads(d_o=d_out * (out > 0))),
    ]
    if x.shape == z1.shape:
        variants.append(("the ReLU derivative is taken at x instead of at z1 = x @ W1 + b1",
                         grads(act=(x > 0).astype(float))))
    if W2.shape[0] == W2.shape[1]:
        variants.append(("d_h1 uses the transpose of W2: with weights stored (n_in, n_out), "
                         "d_h1[j] sums W2[j, k] * d_output[k] over the outputs k, no transpose",
                         grads(d_h1_rule=lambda d: W2.T @ d)))
    mistakes = {name: [] for name in NET_NAMES}
    d_z1 = (W2 @ d_out) * mask
    mistakes["d_W2"].append(Mistake("d_W2 is the transpose of the expected one: entry (j, k) is h1[j] times "
                                    "d_output[k], one row per hidden unit",
                                    np.outer(d_out, h1)))
    mistakes["d_W1"].append(Mistake("d_W1 is the transpose of the expected one: entry (i, j) is x[i] times "
                                    "d_z1[j], one row per input",
                                    np.outer(d_z1, x)))
    for label, g in variants:
        for name in NET_NAMES:
            mistakes[name].append(Mistake(label, g[name]))
    mistakes["d_W1"].append(Region("wrong only in the columns of hidden units where z1 == 0: the course defines "
                                   "relu'(0) = 0 (mask z1 > 0)", (z1 == 0)[None, :]))
    mistakes["d_b1"].append(Region("wrong only where z1 == 0: the course defines relu'(0) = 0 (mask z1 > 0)",
                                   z1 == 0))
    return mistakes


@hidden_check("backward_pass", "values")
def _backward_pass_values(f):
    cases = list(_net_cases("backward_pass")) + [_net_kink_case("backward_pass/kink")]
    for label, x, y, W1, b1, W2, b2 in cases:
        h1, out = ref.forward_pass(x, W1, b1, W2, b2)
        got = call(f, "backward_pass", *(a.copy() for a in (x, y, W1, b1, W2, b2, h1, out)))
        expect_arrays(got, ref.backward_pass(x, y, W1, b1, W2, b2, h1, out), NET_NAMES, f"backward_pass on {label}",
                      mistakes=net_mistakes(x, y, W1, b1, W2, b2), reveal=False)


@hidden_check("backward_pass", "gradcheck")
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


@hidden_check("backward_pass", "unchanged")
def _backward_pass_unchanged(f):
    (_, x, y, W1, b1, W2, b2), *_ = _net_cases("backward_pass/unchanged")
    h1, out = ref.forward_pass(x, W1, b1, W2, b2)
    check_unchanged(f, "backward_pass", [x, y, W1, b1, W2, b2, h1, out],
                     ["x", "y_true", "W1", "b1", "W2", "b2", "h1", "output"])


@hidden_check("forward_pass", "values")
def _forward_pass_values(f):
    for label, x, _y, W1, b1, W2, b2 in _net_cases("forward_pass"):
        got = call(f, "forward_pass", x.copy(), W1.copy(), b1.copy(), W2.copy(), b2.copy())
        h1, out = ref.forward_pass(x, W1, b1, W2, b2)
        expect_arrays(got, (h1, out), ("h1", "output"), f"forward_pass on {label}",
                      mistakes=forward_mistakes(x, W1, b1, W2, b2), reveal=False)


def forward_mistakes(x, W1, b1, W2, b2):
    """{result name: [Mistake]} for forward_pass: an activation where none belongs, or none where one does."""
    h1, out = ref.forward_pass(x, W1, b1, W2, b2)
    return {"output": [Mistake("the output layer has a ReLU, but the output layer is linear: no activation "
                               "after W2 and b2", np.maximum(0, out)),
                       Mistake("b2 is not added to the output", out - b2)],
            "h1": [Mistake("h1 is missing the ReLU: the hidden activation is relu of the hidden pre-activation",
                           x @ W1 + b1)]}


@hidden_check("forward_pass", "unchanged")
def _forward_pass_unchanged(f):
    (_, x, _, W1, b1, W2, b2), *_ = _net_cases("forward_pass/unchanged")
    check_unchanged(f, "forward_pass", [x, W1, b1, W2, b2], ["x", "W1", "b1", "W2", "b2"])


def _update_cases(tag):
    rng = _rng(tag)
    shapes = [(3, 4), (4,), (4, 2), (2,)]
    params = [rng.normal(size=s) for s in shapes]
    grads = [rng.normal(size=s) for s in shapes]
    return params, grads


@hidden_check("update_parameters", "values")
def _update_parameters_values(f):
    for lr in (0.1, 0.01):
        params, grads = _update_cases(f"update_parameters/{lr}")
        got = call(f, "update_parameters", [p.copy() for p in params], [g.copy() for g in grads], lr)
        expected = ref.update_parameters(params, grads, lr)
        names = tuple(f"parameter {i + 1}" for i in range(len(params)))
        expect_arrays(got, expected, names, f"update_parameters with learning rate {lr}",
                      mistakes=update_mistakes(params, grads, lr, names), reveal=False)


def update_mistakes(params, grads, lr, names):
    """{result name: [Mistake]} for update_parameters: the gradient added, the rate forgotten, the step alone."""
    return {n: [Mistake("the update adds the gradient: gradient descent subtracts the learning rate times the "
                        "gradient", p + lr * g),
                Mistake("the learning rate is not applied", p - g),
                Mistake("this is the step (learning rate times gradient), not the updated parameter", lr * g)]
            for n, p, g in zip(names, params, grads)}


@hidden_check("update_parameters", "unchanged")
def _update_parameters_unchanged(f):
    params, grads = _update_cases("update_parameters/unchanged")
    check_unchanged(f, "update_parameters", [params, grads, 0.1], ["params", "grads", "learning_rate"])


TRAIN_NAMES = ("new W1", "new b1", "new W2", "new b2")


def train_step_mistakes(x, y, params, learning_rate):
    """{name: [Mistake]} for train_step's new parameters: a wrong step, or a step with a known wrong gradient."""
    h1, out = ref.forward_pass(x, *params)
    grads = ref.backward_pass(x, y, *params, h1, out)
    wrong_grads = net_mistakes(x, y, *params)
    mistakes = {}
    for name, grad_name, p, g in zip(TRAIN_NAMES, NET_NAMES, params, grads):
        mistakes[name] = [
            Mistake("the step goes along the gradient: gradient descent moves each parameter against its gradient",
                    p + learning_rate * g),
            Mistake("the parameters come back unchanged: return the updated ones", p),
            Mistake("the learning rate is not applied: the step is the gradient scaled by learning_rate", p - g)]
        for m in wrong_grads[grad_name]:
            if isinstance(m, Mistake) and np.shape(m.candidate) == p.shape:
                mistakes[name].append(Mistake(f"the step uses wrong gradients: {m.label}",
                                              p - learning_rate * m.candidate, id=f"wrong-gradients-{m.key}"))
    return mistakes


@hidden_check("train_step", "values")
def _train_step_values(f):
    for label, x, y, W1, b1, W2, b2 in list(_net_cases("train_step"))[:3]:
        params = (W1, b1, W2, b2)
        got = call(f, "train_step", x.copy(), y.copy(), tuple(p.copy() for p in params), 0.05)
        new_params, loss = ref.train_step(x, y, params, 0.05)
        expect_params_and_loss(got, new_params, loss, f"train_step on {label}",
                               loss_mistakes=train_loss_mistakes(x, y, params, 0.05),
                               param_mistakes=train_step_mistakes(x, y, params, 0.05), names=TRAIN_NAMES,
                               reveal=False)


def train_loss_mistakes(x, y, params, learning_rate):
    """[Mistake] for train_step's loss: measured after the update instead of before."""
    new_params, _ = ref.train_step(x, y, params, learning_rate)
    return [Mistake("the loss is measured after the update, not before",
                    ref.mse_loss(ref.forward_pass(x, *new_params)[1], y))]


@hidden_check("train_step", "unchanged")
def _train_step_unchanged(f):
    (_, x, y, W1, b1, W2, b2), *_ = _net_cases("train_step/unchanged")
    check_unchanged(f, "train_step", [x, y, (W1, b1, W2, b2), 0.05], ["x", "y_true", "params", "learning_rate"])


@hidden_check("softmax", "values")
def _softmax_values(f):
    rng = _rng("softmax")
    for label, z in [("a 1-D vector", rng.normal(size=5)), ("a batch of shape (3, 4)", rng.normal(size=(3, 4))),
                     ("2 classes", rng.normal(size=2)), ("float32 logits", rng.normal(size=6).astype(np.float32))]:
        expect_array(call(f, "softmax", z.copy()), ref.softmax(z), f"softmax on {label}", mistakes=softmax_mistakes(z),
                     rtol=_rtol(z), reveal=False)


def softmax_mistakes(z):
    """[Mistake] for softmax: normalised along the wrong axis, over everything, or not at all."""
    z64 = np.asarray(z, dtype=float)
    with np.errstate(all="ignore"):
        return [Mistake("the batch is normalised over the wrong axis (columns instead of rows): each row must sum "
                        "to 1, so normalise along the last axis", np.exp(z64) / np.sum(np.exp(z64), axis=0, keepdims=True)),
                Mistake("the batch is normalised over all entries at once, not row by row",
                        np.exp(z64) / np.sum(np.exp(z64))),
                Mistake("the exponentials are not normalised to sum to 1", np.exp(z64))]


@hidden_check("softmax", "stable")
def _softmax_stable(f):
    """Logits far from 0, and rows whose logits lie far apart: each overflows or underflows a naive exp."""
    cases = [("a batch of very large and very negative logits",
              np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1002.0, -1001.0]])),
             ("logits hundreds apart", np.array([800.0, -800.0, 0.0])),
             ("a batch whose rows hold logits hundreds apart", np.array([[0.0, 750.0, -750.0], [-5.0, 3.0, 1.0]]))]
    for label, z in cases:
        expect_array(call(f, "softmax", z.copy()), ref.softmax(z),
                     f"softmax on {label} (subtract each row's maximum before np.exp)", reveal=False)


@hidden_check("softmax", "unchanged")
def _softmax_unchanged(f):
    z = _rng("softmax/unchanged").normal(size=(2, 3))
    check_unchanged(f, "softmax", [z], ["z"])


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


@hidden_check("cross_entropy_loss", "values")
def _cross_entropy_loss_values(f):
    for label, z, y in _ce_cases("cross_entropy_loss"):
        expect_scalar(call(f, "cross_entropy_loss", z.copy(), y.copy()), ref.cross_entropy_loss(z, y),
                      f"cross_entropy_loss on {label}", mistakes=ce_loss_mistakes(z, y), reveal=False, hint=CE_HINT)


CE_HINT = "sum y_true times the log-probabilities over the classes (for example with np.sum)"


def ce_loss_mistakes(z, y):
    """[Mistake] for cross_entropy_loss: the sign, the base, a mean, the MSE, and the capped log(p + 1e-8)."""
    p = ref.softmax(z)
    loss = ref.cross_entropy_loss(z, y)
    with np.errstate(all="ignore"):
        capped = -np.sum(y * np.log(p + 1e-8))
        return [Mistake("the minus sign is missing", -loss),
                Mistake("the loss takes log of the logits' softmax with the wrong base", -np.sum(y * np.log10(p))),
                Mistake("the loss is averaged over classes instead of summed", loss / len(y)),
                Mistake("the log-probabilities are taken as the logits themselves: a log-probability is the logit "
                        "minus the log of the sum of all exponentials", -np.sum(y * z)),
                Mistake("this is the mean squared error between softmax(logits) and y_true, not the "
                        "cross-entropy (minus the sum of y_true times the log-probabilities)", np.mean((p - y) ** 2)),
                Mistake("log(softmax + 1e-8) caps the loss near 18.4 once a probability underflows to 0: "
                        "compute the log-probabilities directly with the log-sum-exp trick, never the log of a "
                        "probability", capped if abs(capped - loss) > 1e-6 * abs(loss) + 1e-9 else None)]


@hidden_check("cross_entropy_loss", "stable")
def _cross_entropy_loss_stable(f):
    z, y = np.array([1000.0, 0.0, -1000.0]), np.array([0.0, 1.0, 0.0])
    expect_scalar(call(f, "cross_entropy_loss", z.copy(), y.copy()), ref.cross_entropy_loss(z, y),
                  "cross_entropy_loss on logits of size 1000 (use a stable log-softmax)",
                  mistakes=ce_loss_mistakes(z, y), reveal=False, hint=CE_HINT)


@hidden_check("softmax_cross_entropy_gradient", "values")
def _softmax_cross_entropy_gradient_values(f):
    for label, z, y in _ce_cases("softmax_cross_entropy_gradient"):
        expect_array(call(f, "softmax_cross_entropy_gradient", z.copy(), y.copy()),
                     ref.softmax_cross_entropy_gradient(z, y), f"softmax_cross_entropy_gradient on {label}",
                     mistakes=ce_mistakes(z, y), reveal=False)


@hidden_check("softmax_cross_entropy_gradient", "gradcheck")
def _softmax_cross_entropy_gradient_gradcheck(f):
    for label, z, y in list(_ce_cases("softmax_cross_entropy_gradient/gradcheck"))[:2]:
        numeric = numerical_gradient(lambda v: ref.cross_entropy_loss(v, y), z)
        expect_array(call(f, "softmax_cross_entropy_gradient", z.copy(), y.copy()), numeric,
                     f"softmax_cross_entropy_gradient on {label}, against finite differences of the loss",
                     mistakes=ce_mistakes(z, y), rtol=1e-5, atol=1e-7, reveal=False)


@hidden_check("softmax_cross_entropy_gradient", "stable")
def _softmax_cross_entropy_gradient_stable(f):
    z, y = np.array([1000.0, 0.0, -1000.0]), np.array([0.0, 1.0, 0.0])
    expect_array(call(f, "softmax_cross_entropy_gradient", z.copy(), y.copy()), ref.softmax_cross_entropy_gradient(z, y),
                 "softmax_cross_entropy_gradient on logits of size 1000", mistakes=ce_mistakes(z, y), reveal=False)


def _unchanged_logits(name):
    def check(f):
        rng = _rng(name, "unchanged")
        z, y = rng.normal(size=4), np.array([0.0, 0.0, 1.0, 0.0])
        check_unchanged(f, name, [z, y], ["logits", "y_true"])
    return check


register("cross_entropy_loss", "unchanged", _unchanged_logits("cross_entropy_loss"))
register("softmax_cross_entropy_gradient", "unchanged", _unchanged_logits("softmax_cross_entropy_gradient"))


# --- 05 mini-batches and a classifier -----------------------------------------------------------
SHAPE_HINTS.update({
    "linear_backward": "rows are samples: d_Z has shape (B, n_out), X (B, n_in) and W (n_in, n_out), so d_W has "
                       "W's shape (n_in, n_out), d_b one entry per output unit, and d_X the shape of X",
    "softmax_cross_entropy": "labels are B integers (the class of each row), not one-hot rows: pick each row's "
                             "log-probability at its label instead of multiplying by labels",
    "mlp_forward": "X has shape (B, n_in) and each W shape (n_in, n_out): Z = A @ W + b, layer after layer",
    "mlp_backward": "go from the last layer to the first; the d_X of a layer is the gradient of the layer below's "
                    "output H, which relu_backward turns into that layer's d_Z",
})
LINEAR_NAMES = ("d_W", "d_b", "d_X")


def _batch_cases(tag):
    """(label, d_Z, X, W): B = 1, B > 1, square and non-square weights, float32."""
    rng = _rng(tag)
    for B, n_in, n_out in [(4, 3, 3), (1, 3, 2), (5, 3, 4), (6, 2, 5)]:  # square first: every mistake can show
        yield (f"a batch of {B} with {n_in} inputs and {n_out} units", rng.normal(size=(B, n_out)),
               rng.normal(size=(B, n_in)), rng.normal(size=(n_in, n_out)))
    yield ("float32 arrays, a batch of 3", rng.normal(size=(3, 4)).astype(np.float32),
           rng.normal(size=(3, 2)).astype(np.float32), rng.normal(size=(2, 4)).astype(np.float32))


def linear_mistakes(d_Z, X, W):
    d_Z, X, W = (np.asarray(a, dtype=float) for a in (d_Z, X, W))
    B = len(d_Z)
    m = {"d_W": [Mistake("d_W is transposed: it must have W's shape (n_in, n_out), X's side first", d_Z.T @ X)],
         "d_b": [Mistake("d_b is not summed over the batch: one entry per output unit, the sum of d_Z's rows",
                         d_Z)],
         "d_X": [Mistake("d_X multiplies by W itself where W's transpose belongs", d_Z @ W)
                 if W.shape[0] == W.shape[1] else Mistake("", None)]}
    if B > 1:
        m["d_W"].append(Mistake("d_W is divided by the batch size again: the 1/B is already inside d_Z", X.T @ d_Z / B))
        m["d_b"].append(Mistake("d_b is averaged over the batch instead of summed: the 1/B is already inside d_Z",
                                d_Z.mean(axis=0)))
        m["d_X"].append(Mistake("d_X is divided by the batch size: the 1/B is already inside d_Z", d_Z @ W.T / B))
    return _clean(m)


@hidden_check("linear_backward", "values")
def _linear_backward_values(f):
    for label, d_Z, X, W in _batch_cases("linear_backward"):
        got = call(f, "linear_backward", d_Z.copy(), X.copy(), W.copy())
        expect_arrays(got, ref.linear_backward(d_Z, X, W), LINEAR_NAMES, f"linear_backward on {label}",
                      mistakes=linear_mistakes(d_Z, X, W), rtol=_rtol(X), reveal=False)


@hidden_check("linear_backward", "gradcheck")
def _linear_backward_gradcheck(f):
    """Differentiate L = sum(d_Z * (X @ W + b)), whose dL/dZ is d_Z."""
    for label, d_Z, X, W in list(_batch_cases("linear_backward/gradcheck"))[:3]:
        b = _rng("linear_backward/gradcheck/b", label).normal(size=W.shape[1])

        def loss(w=W, bb=b, x=X):
            return float(np.sum(d_Z * (x @ w + bb)))

        numeric = (numerical_gradient(lambda w: loss(w=w), W), numerical_gradient(lambda v: loss(bb=v), b),
                   numerical_gradient(lambda x: loss(x=x), X))
        got = call(f, "linear_backward", d_Z.copy(), X.copy(), W.copy())
        expect_arrays(got, numeric, LINEAR_NAMES, f"linear_backward on {label}, against finite differences",
                      mistakes=linear_mistakes(d_Z, X, W), rtol=1e-5, atol=1e-7, reveal=False)


@hidden_check("linear_backward", "unchanged")
def _linear_backward_unchanged(f):
    (_, d_Z, X, W), *_ = list(_batch_cases("linear_backward/unchanged"))[1:]
    check_unchanged(f, "linear_backward", [d_Z, X, W], ["d_Z", "X", "W"])


def _relu_backward_cases(tag):
    rng = _rng(tag)
    yield "a batch of shape (4, 3)", rng.normal(size=(4, 3)), _away_from_zero(rng, (4, 3))
    yield "one row, shape (1, 5)", rng.normal(size=(1, 5)), _away_from_zero(rng, (1, 5))
    yield "a 1-D array", rng.normal(size=6), _away_from_zero(rng, (6,))
    Z = np.array([[0.0, 1.5, -2.0], [-0.0, 0.0, 0.7]])
    yield "pre-activations exactly at 0", rng.normal(size=(2, 3)), Z
    yield "float32 arrays", rng.normal(size=(3, 2)).astype(np.float32), _away_from_zero(rng, (3, 2)).astype(np.float32)


def relu_backward_mistakes(d_H, Z):
    d_H, Z = np.asarray(d_H, dtype=float), np.asarray(Z, dtype=float)
    return [Mistake("the mask is taken from d_H: it must come from the pre-activation Z", d_H * (d_H > 0)),
            Mistake("this is relu(d_H): the mask must come from the pre-activation Z", np.maximum(0, d_H)),
            Mistake("the mask is Z >= 0: the course defines relu'(0) = 0, so units with Z == 0 pass nothing",
                    d_H * (Z >= 0)),
            Mistake("this multiplies by relu(Z) where the 0/1 derivative belongs", d_H * np.maximum(0, Z)),
            Mistake("this is the mask alone: multiply it by d_H", (Z > 0).astype(float)),
            Region("wrong only where Z == 0: the course defines relu'(0) = 0 (mask Z > 0)", Z == 0)]


@hidden_check("relu_backward", "values")
def _relu_backward_values(f):
    for label, d_H, Z in _relu_backward_cases("relu_backward"):
        expect_array(call(f, "relu_backward", d_H.copy(), Z.copy()), ref.relu_backward(d_H, Z),
                     f"relu_backward on {label}", mistakes=relu_backward_mistakes(d_H, Z), rtol=_rtol(d_H),
                     reveal=False)


@hidden_check("relu_backward", "unchanged")
def _relu_backward_unchanged(f):
    rng = _rng("relu_backward/unchanged")
    check_unchanged(f, "relu_backward", [rng.normal(size=(3, 4)), _away_from_zero(rng, (3, 4))], ["d_H", "Z"])


def _sce_cases(tag):
    """(label, logits, labels): B = 1, B > 1, B == C (where one-hot arithmetic broadcasts), float32."""
    rng = _rng(tag)
    for B, C in [(1, 3), (5, 4), (3, 3), (8, 10)]:
        yield f"a batch of {B} with {C} classes", 2 * rng.normal(size=(B, C)), rng.integers(0, C, size=B)
    yield "float32 logits", rng.normal(size=(4, 5)).astype(np.float32), rng.integers(0, 5, size=4)


def sce_mistakes(logits, labels):
    """(loss mistakes, gradient mistakes) for softmax_cross_entropy."""
    z = np.asarray(logits, dtype=float)
    labels = np.asarray(labels)
    B, C = z.shape
    loss, d = ref.softmax_cross_entropy(z, labels)
    log_p = ref.log_softmax(z)
    p = np.exp(log_p)
    loss_m = [Mistake("the loss is summed over the batch: it must be the mean over the B rows", loss * B),
              Mistake("the minus sign is missing", -loss)]
    grad_m = [Mistake("the gradient is missing the 1/B of the mean: the loss averages over the batch", d * B),
              Mistake("the sign is flipped: softmax minus the one-hot labels, not the other way round", -d),
              Mistake("the gradient is softmax(logits) alone: the one-hot labels are not subtracted", p / B)]
    if B > 1:
        grad_m.append(Mistake("the gradient is divided by B twice", d / B))
    if B == C:
        loss_m.append(Mistake("labels are used as one-hot rows: they are B integer classes; pick each row's "
                              "log-probability at its label", float(-np.sum(labels * log_p) / B)))
        grad_m.append(Mistake("labels are used as one-hot rows: they are B integer classes; subtract 1 at each "
                              "row's label", (p - labels) / B))
    return loss_m, grad_m


def _check_sce(got, logits, labels, what, rtol=1e-5):
    loss, d = ref.softmax_cross_entropy(logits, labels)
    loss_m, grad_m = sce_mistakes(logits, labels)
    got_loss, got_d = expect_tuple(got, ("loss", "d_logits"), what)
    expect_scalar(got_loss, loss, f"the loss from {what}", mistakes=loss_m, rtol=rtol, reveal=False,
                  hint="average the B rows' losses (for example with np.mean)")
    expect_array(got_d, d, f"d_logits from {what}", mistakes=grad_m, rtol=rtol, reveal=False)


@hidden_check("softmax_cross_entropy", "values")
def _softmax_cross_entropy_values(f):
    for label, z, y in _sce_cases("softmax_cross_entropy"):
        _check_sce(call(f, "softmax_cross_entropy", z.copy(), y.copy()), z, y, f"softmax_cross_entropy on {label}",
                   rtol=_rtol(z))


@hidden_check("softmax_cross_entropy", "gradcheck")
def _softmax_cross_entropy_gradcheck(f):
    for label, z, y in list(_sce_cases("softmax_cross_entropy/gradcheck"))[:3]:
        numeric = numerical_gradient(lambda v: ref.softmax_cross_entropy(v, y)[0], z)
        got = call(f, "softmax_cross_entropy", z.copy(), y.copy())
        _, grad_m = sce_mistakes(z, y)
        got_d = expect_tuple(got, ("loss", "d_logits"), "softmax_cross_entropy")[1]
        expect_array(got_d, numeric, f"d_logits from softmax_cross_entropy on {label}, against finite differences "
                     "of the mean loss", mistakes=grad_m, rtol=1e-5, atol=1e-7, reveal=False)


@hidden_check("softmax_cross_entropy", "stable")
def _softmax_cross_entropy_stable(f):
    z = np.array([[1000.0, 0.0, -1000.0], [2.0, 1001.0, 1000.0], [-1000.0, -1001.0, -999.0]])
    y = np.array([1, 2, 0])
    _check_sce(call(f, "softmax_cross_entropy", z.copy(), y.copy()), z, y,
               "softmax_cross_entropy on logits of size 1000 (subtract each row's maximum: log-sum-exp)")


@hidden_check("softmax_cross_entropy", "unchanged")
def _softmax_cross_entropy_unchanged(f):
    rng = _rng("softmax_cross_entropy/unchanged")
    check_unchanged(f, "softmax_cross_entropy", [rng.normal(size=(4, 3)), rng.integers(0, 3, size=4)],
                     ["logits", "labels"])


def _expect_params(got, expected, what, rtol=1e-5, mistakes=None):
    """A list of (W, b) pairs (or (d_W, d_b)) with the expected length, shapes and values."""
    names = ("W", "b") if what.startswith("init_mlp") else ("d_W", "d_b")
    expect_pairs(got, expected, names, what, mistakes=mistakes, rtol=rtol, reveal=False)


INIT_SIZES = [[5, 6, 3], [3, 5, 5, 2], [2, 1], [10, 8, 8, 10]]


def init_mistakes(sizes, seed):
    """{name: [Mistake]}: other scales, drawn from the same generator in the same order."""
    rng = np.random.default_rng(seed)
    normals = [rng.normal(size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    scales = [("the weights have standard deviation 1: He initialisation scales them by sqrt(2 / n_in)",
               lambda a, b: 1.0),
              ("the scale is sqrt(1 / n_in) (LeCun/Xavier): He initialisation uses sqrt(2 / n_in) for ReLU layers",
               lambda a, b: np.sqrt(1 / a)),
              ("the scale uses n_out where n_in belongs: sqrt(2 / n_in)", lambda a, b: np.sqrt(2 / b)),
              ("2 / n_in is the variance: the standard deviation is its square root", lambda a, b: 2 / a),
              ("the scale is sqrt(2 / (n_in + n_out)) (Glorot): He initialisation uses sqrt(2 / n_in)",
               lambda a, b: np.sqrt(2 / (a + b)))]
    m = {}
    for i, (n, (a, b)) in enumerate(zip(normals, zip(sizes[:-1], sizes[1:]))):
        m[f"W of layer {i + 1}"] = [Mistake(label, n * s(a, b)) for label, s in scales]
        m[f"b of layer {i + 1}"] = [Mistake("the biases are drawn at random: He initialisation starts them at 0",
                                            None)]
    return _clean(m)


@hidden_check("init_mlp", "values")
def _init_mlp_values(f):
    for sizes in INIT_SIZES:
        seed = zlib.crc32(str(sizes).encode())
        got = call(f, "init_mlp", list(sizes), np.random.default_rng(seed))
        expected = ref.init_mlp(sizes, np.random.default_rng(seed))
        what = f"init_mlp({sizes}, rng)"
        got_list = expect_tuple(got, [f"layer {i + 1}" for i in range(len(expected))], what)
        for i, (g, (_W, b)) in enumerate(zip(got_list, expected)):
            _, gb = expect_tuple(g, ("W", "b"), f"entry {i + 1} of {what}")
            gb = np.asarray(gb, dtype=float) if gb is not None else gb
            if gb is not None and gb.shape == b.shape and np.any(gb != 0):
                raise AssertionError(f"the biases of layer {i + 1} from {what} are not zero: He initialisation "
                                     "starts every bias at 0 (and draws only the weights from rng).")
        _expect_params(got, expected, what, mistakes=init_mistakes(sizes, seed))


@hidden_check("init_mlp", "generator")
def _init_mlp_generator(f):
    sizes = [5, 4, 3]
    a = call(f, "init_mlp", list(sizes), np.random.default_rng(7))
    b = call(f, "init_mlp", list(sizes), np.random.default_rng(7))
    c = call(f, "init_mlp", list(sizes), np.random.default_rng(8))
    try:
        same = all(np.array_equal(x[0], y[0]) for x, y in zip(a, b))
        differ = any(not np.array_equal(x[0], y[0]) for x, y in zip(a, c))
    except Exception:  # noqa: BLE001 - any other shape of result
        raise AssertionError("init_mlp must return a list of (W, b) pairs, one per layer.") from None
    if not same:
        raise AssertionError("init_mlp gives different weights for two generators with the same seed: draw every "
                             "weight from the generator rng it is given (not from np.random or a new generator).")
    if not differ:
        raise AssertionError("init_mlp gives the same weights for generators with different seeds: it ignores the "
                             "generator rng it is given (draw the weights from rng, not from a generator of your own).")
    expected = ref.init_mlp(sizes, np.random.default_rng(7))
    if np.array_equal(np.asarray(a[0][0], dtype=float), expected[0][0]) and len(a) > 1 and \
            np.shape(a[1][0]) == expected[1][0].shape and not np.allclose(a[1][0], expected[1][0]):
        ratio = np.asarray(a[1][0], dtype=float) / expected[1][0]
        if not np.allclose(ratio, ratio.flat[0]):
            raise AssertionError("init_mlp's first layer is right but the second is not: draw from rng only the "
                                 "weights, one layer after another, each with one call of shape (n_in, n_out).")


@hidden_check("init_mlp", "unchanged")
def _init_mlp_unchanged(f):
    sizes = [3, 4, 2]
    given = list(sizes)
    call(f, "init_mlp", given, np.random.default_rng(0))
    if given != sizes:
        raise AssertionError("your function changed its argument layer_sizes: read it, do not modify it.")


def _net5_cases(tag):
    """(label, X, params): depths 1 to 3, B = 1 and B > 1, square layers, float32; hidden units clear of 0."""
    rng = _rng(tag)
    for B, sizes in [(4, [3, 3, 3, 3]), (1, [3, 4, 2]), (5, [4, 6, 3]), (6, [2, 5, 4, 3]), (3, [4, 3])]:  # square first
        X = rng.normal(size=(B, sizes[0]))
        params = []
        A = X
        for _i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
            W, bias = rng.normal(size=(a, b)) / np.sqrt(a), rng.normal(size=b) * 0.5
            Z = A @ W + bias
            bias = bias + np.where(np.abs(Z) < 0.1, 0.3, 0.0).max(axis=0)  # keep units clear of the kink
            Z = A @ W + bias
            bias = bias + np.where(np.abs(Z) < 0.05, 0.2, 0.0).max(axis=0)
            params.append((W, bias))
            A = np.maximum(0, A @ W + bias)
        yield f"a {'-'.join(map(str, sizes))} network on a batch of {B}", X, params
    X = rng.normal(size=(3, 4)).astype(np.float32)
    params = [(rng.normal(size=(4, 5)).astype(np.float32), np.full(5, 0.1, np.float32)),
              (rng.normal(size=(5, 3)).astype(np.float32), np.zeros(3, np.float32))]
    yield "a float32 4-5-3 network on a batch of 3", X, params


def mlp_forward_mistakes(X, params):
    logits, _ = ref.mlp_forward(X, params)
    A = np.asarray(X, dtype=float)
    for W, b in params:
        A = A @ W + b
    return [Mistake("the last layer goes through ReLU: the logits come from a linear last layer",
                    np.maximum(0, logits)),
            Mistake("the hidden layers have no ReLU", A) if len(params) > 1 else Mistake("", None)]


@hidden_check("mlp_forward", "values")
def _mlp_forward_values(f):
    for label, X, params in _net5_cases("mlp_forward"):
        got = call(f, "mlp_forward", X.copy(), [(W.copy(), b.copy()) for W, b in params])
        logits, cache = ref.mlp_forward(X, params)
        what = f"mlp_forward on {label}"
        got_logits, got_cache = expect_tuple(got, ("logits", "cache"), what)
        expect_array(got_logits, logits, f"the logits from {what}",
                     mistakes=[m for m in mlp_forward_mistakes(X, params) if m.candidate is not None],
                     rtol=_rtol(X), reveal=False)
        got_cache = expect_tuple(got_cache, [f"layer {i + 1}" for i in range(len(cache))], f"the cache from {what}")
        for i, (g, (A, Z)) in enumerate(zip(got_cache, cache)):
            expect_arrays(g, (A, Z), ("A (the layer's input)", "Z (its pre-activation)"),
                          f"cache[{i}] from {what}", mistakes=_clean({
                              "A (the layer's input)": [Mistake(
                                  "the cache holds the pre-activation Z of the layer below, not its ReLU output "
                                  "A = relu(Z)", cache[i - 1][1] if i else None)],
                              "Z (its pre-activation)": [Mistake(
                                  "the cached Z is the ReLU's output: the pre-activation was overwritten in place "
                                  "(np.maximum(..., out=Z) or Z[Z < 0] = 0); build a new array for A",
                                  np.maximum(0, Z) if i < len(cache) - 1 else None)]}), rtol=_rtol(X), reveal=False)


@hidden_check("mlp_forward", "unchanged")
def _mlp_forward_unchanged(f):
    (_, X, params), *_ = list(_net5_cases("mlp_forward/unchanged"))[1:]
    check_unchanged(f, "mlp_forward", [X, params], ["X", "params"])


def backward5_mistakes(d_logits, cache, params):
    """{name: [Mistake]}: the gradient lists a wrong backward pass would return."""
    L = len(params)

    def run(mask_last=False, mask_from_dH=False, ge=False, no_propagate=False, scale_db=None):
        grads = [None] * L
        d = np.asarray(d_logits, dtype=float)
        for i in reversed(range(L)):
            A, Z = cache[i]
            if no_propagate:  # every layer starts again from d_logits (masked at its own Z below)
                d = np.asarray(d_logits, dtype=float)
            if i < L - 1 or mask_last:
                d = d * ((d > 0) if mask_from_dH else (Z >= 0) if ge else (Z > 0))
            W = np.asarray(params[i][0], dtype=float)
            grads[i] = (A.T @ d, d.sum(axis=0) if scale_db is None else d.sum(axis=0) / scale_db)
            if not no_propagate:
                d = d @ W.T
            elif d.shape[1] != W.shape[0]:
                return None
        return grads

    B = len(d_logits)
    variants = [("a ReLU derivative is applied at the last layer, which is linear: its d_Z is d_logits itself",
                 run(mask_last=True)),
                ("the ReLU masks are taken from the incoming gradient: they must come from each layer's Z",
                 run(mask_from_dH=True)),
                ("the gradient is not propagated past the last layer: every layer uses d_logits instead of the d_X "
                 "of the layer above", run(no_propagate=True))]
    if B > 1:
        variants.append(("the bias gradients are averaged over the batch instead of summed", run(scale_db=B)))
    m = {}
    for label, grads in variants:
        if grads is None:
            continue
        for i, (dW, db) in enumerate(grads):
            m.setdefault(f"d_W of layer {i + 1}", []).append(Mistake(label, dW))
            m.setdefault(f"d_b of layer {i + 1}", []).append(Mistake(label, db))
    return m


def _d_logits(rng, logits):
    return rng.normal(size=logits.shape) / len(logits)


def _check_backward5(got, expected, what, d_logits, cache, params, rtol=1e-5):
    _expect_params(got, expected, what, rtol=rtol, mistakes=backward5_mistakes(d_logits, cache, params))


@hidden_check("mlp_backward", "values")
def _mlp_backward_values(f):
    for label, X, params in _net5_cases("mlp_backward"):
        logits, cache = ref.mlp_forward(X, params)
        d_logits = _d_logits(_rng("mlp_backward/d", label), logits)
        if X.dtype == np.float32:
            d_logits = d_logits.astype(np.float32)
        got = call(f, "mlp_backward", d_logits.copy(), [(A.copy(), Z.copy()) for A, Z in cache],
                   [(W.copy(), b.copy()) for W, b in params])
        _check_backward5(got, ref.mlp_backward(d_logits, cache, params), f"mlp_backward on {label}", d_logits,
                         cache, params, rtol=_rtol(X))


@hidden_check("mlp_backward", "gradcheck")
def _mlp_backward_gradcheck(f):
    """Differentiate the mean softmax cross-entropy of the network's logits with respect to every parameter."""
    for label, X, params in list(_net5_cases("mlp_backward/gradcheck"))[:4]:
        logits, cache = ref.mlp_forward(X, params)
        labels = _rng("mlp_backward/labels", label).integers(0, logits.shape[1], size=len(X))
        _, d_logits = ref.softmax_cross_entropy(logits, labels)
        numeric = []
        for i in range(len(params)):
            pair = []
            for j in range(2):
                def loss(v, i=i, j=j):
                    p = [list(layer) for layer in params]
                    p[i][j] = v
                    return ref.softmax_cross_entropy(ref.mlp_forward(X, p)[0], labels)[0]
                pair.append(numerical_gradient(loss, params[i][j]))
            numeric.append(tuple(pair))
        got = call(f, "mlp_backward", d_logits.copy(), [(A.copy(), Z.copy()) for A, Z in cache],
                   [(W.copy(), b.copy()) for W, b in params])
        _check_backward5(got, numeric, f"mlp_backward on {label}, against finite differences of the mean "
                         "cross-entropy", d_logits, cache, params, rtol=1e-5)


@hidden_check("mlp_backward", "unchanged")
def _mlp_backward_unchanged(f):
    (_, X, params), *_ = list(_net5_cases("mlp_backward/unchanged"))[1:]
    logits, cache = ref.mlp_forward(X, params)
    d_logits = _d_logits(_rng("mlp_backward/unchanged/d"), logits)
    check_unchanged(f, "mlp_backward", [d_logits, cache, params], ["d_logits", "cache", "params"])


MINIBATCH_CASES = [(10, 4), (12, 3), (7, 7), (5, 8), (33, 10)]


def _as_index_list(got, what):
    try:
        batches = [np.asarray(b) for b in got]
    except TypeError:
        raise AssertionError(f"{what} must return a list of index arrays, not a {type(got).__name__}.") from None
    for b in batches:
        if b.ndim != 1 or not (np.issubdtype(b.dtype, np.integer) or b.size == 0):
            raise AssertionError(f"{what} must return 1-D arrays of integer indices (got one of shape {b.shape} "
                                 f"and type {b.dtype}).")
    return batches


def _minibatches_check(got, n, batch_size, expected, what):
    batches = _as_index_list(got, what)
    flat = np.concatenate(batches) if batches else np.array([], dtype=int)
    if flat.size == n - n % batch_size and n % batch_size and len(batches) == n // batch_size:
        raise AssertionError(f"{what} drops the last, shorter batch: keep it, so that every sample is used in "
                             "every epoch.")
    if len(np.unique(flat)) != flat.size:
        raise AssertionError(f"{what} repeats samples: take the batches as slices of one permutation, so that "
                             "each index appears exactly once per epoch.")
    if sorted(flat.tolist()) != list(range(n)):
        raise AssertionError(f"{what} does not cover every index 0 .. n - 1 exactly once: some samples are "
                             "missing or out of range.")
    sizes = [len(b) for b in batches]
    want = [len(b) for b in expected]
    if sizes != want:
        raise AssertionError(f"{what} has batches of the wrong sizes: every batch holds batch_size indices, "
                             "in order, except a shorter last one.")
    for b, e in zip(batches, expected):
        if not np.array_equal(b, e):
            raise AssertionError(f"{what} does not follow the stated order: draw one rng.permutation(n) and cut it "
                                 "into consecutive slices (no other use of rng, no sorting).")


@hidden_check("minibatches", "values")
def _minibatches_values(f):
    for n, batch_size in MINIBATCH_CASES:
        seed = n * 100 + batch_size
        got = call(f, "minibatches", n, batch_size, np.random.default_rng(seed))
        _minibatches_check(got, n, batch_size, ref.minibatches(n, batch_size, np.random.default_rng(seed)),
                           f"minibatches({n}, {batch_size}, rng)")


@hidden_check("minibatches", "edges")
def _minibatches_edges(f):
    """Batches of one, one batch larger than n, n a multiple of batch_size; and the generator decides the order.

    (Each call gets a generator of its own: the grader may call the function in another process, where the
    caller's generator would not advance.)
    """
    for n, batch_size, seed in [(6, 1, 11), (5, 16, 12), (12, 4, 13), (1, 3, 14)]:
        got = call(f, "minibatches", n, batch_size, np.random.default_rng(seed))
        _minibatches_check(got, n, batch_size, ref.minibatches(n, batch_size, np.random.default_rng(seed)),
                           f"minibatches({n}, {batch_size}, rng)")
    a = call(f, "minibatches", 20, 5, np.random.default_rng(21))
    b = call(f, "minibatches", 20, 5, np.random.default_rng(22))
    if np.array_equal(np.concatenate(_as_index_list(a, "minibatches")), np.concatenate(_as_index_list(b, "minibatches"))):
        raise AssertionError("minibatches gives the same order for generators with different seeds: draw the "
                             "permutation from rng, so that every epoch is shuffled anew.")


def accuracy_mistakes(logits, labels):
    acc = ref.accuracy(logits, labels)
    return [Mistake("this is a percentage: return the fraction in [0, 1]", 100 * acc),
            Mistake("this is the number of right predictions: return the fraction of the batch", acc * len(labels)),
            Mistake("this is the fraction of wrong predictions", 1 - acc)]


@hidden_check("accuracy", "values")
def _accuracy_values(f):
    rng = _rng("accuracy")
    for B, C in [(10, 3), (1, 4), (25, 10), (6, 6)]:
        logits = rng.normal(size=(B, C))
        labels = np.where(rng.random(B) < 0.6, np.argmax(logits, axis=1), rng.integers(0, C, size=B))
        expect_scalar(call(f, "accuracy", logits.copy(), labels.copy()), ref.accuracy(logits, labels),
                      f"accuracy on a batch of {B} with {C} classes", mistakes=accuracy_mistakes(logits, labels),
                      reveal=False, hint="the mean of a boolean array is the fraction of True entries")


@hidden_check("accuracy", "unchanged")
def _accuracy_unchanged(f):
    rng = _rng("accuracy/unchanged")
    check_unchanged(f, "accuracy", [rng.normal(size=(5, 3)), rng.integers(0, 3, size=5)], ["logits", "labels"])


# --- 06 depth and autograd ----------------------------------------------------------------------
def _sigmoid_cases(tag, act):
    """(label, d_H, H) with H = act(z): both signs, several shapes, float32."""
    rng = _rng(tag)
    f = ref.sigmoid if act == "sigmoid" else np.tanh
    for shape in [(5,), (3, 4), (2, 3, 2), (1, 6)]:
        z = rng.normal(size=shape) * 2
        yield f"shape {shape}", rng.normal(size=shape), f(z)
    z = rng.normal(size=(2, 4))
    yield "float32 inputs", rng.normal(size=(2, 4)).astype(np.float32), f(z).astype(np.float32)


def sigmoid_backward_mistakes(d_H, H):
    d_H, H = np.asarray(d_H, dtype=float), np.asarray(H, dtype=float)
    s = ref.sigmoid(H)
    return [Mistake("the derivative is evaluated as if H were the pre-activation z: this function receives the "
                    "output H = sigmoid(z), and sigmoid'(z) written in terms of the output is H (1 - H)",
                    d_H * s * (1 - s)),
            Mistake("the result is not multiplied by d_H: the chain rule gives d_Z = d_H times the local "
                    "derivative", H * (1 - H)),
            Mistake("this is the tanh derivative 1 - H**2, not the sigmoid's H (1 - H)", d_H * (1 - H ** 2)),
            Mistake("a factor is missing: the sigmoid's derivative in terms of its output is H (1 - H), not "
                    "(1 - H) alone", d_H * (1 - H)),
            Mistake("a factor is missing: the sigmoid's derivative in terms of its output is H (1 - H), not H "
                    "alone", d_H * H)]


def tanh_backward_mistakes(d_H, H):
    d_H, H = np.asarray(d_H, dtype=float), np.asarray(H, dtype=float)
    return [Mistake("the derivative is evaluated as if H were the pre-activation z: this function receives the "
                    "output H = tanh(z), and tanh'(z) written in terms of the output is 1 - H**2",
                    d_H * (1 - np.tanh(H) ** 2)),
            Mistake("the square is missing: tanh'(z) in terms of the output is 1 - H**2, not 1 - H", d_H * (1 - H)),
            Mistake("this is (1 - H)**2, not 1 - H**2", d_H * (1 - H) ** 2),
            Mistake("this is the sigmoid derivative H (1 - H), not the tanh's 1 - H**2", d_H * H * (1 - H)),
            Mistake("the result is not multiplied by d_H: the chain rule gives d_Z = d_H times the local "
                    "derivative", 1 - H ** 2)]


def _activation_values(name):
    refs = {"sigmoid_backward": (ref.sigmoid_backward, sigmoid_backward_mistakes, "sigmoid"),
            "tanh_backward": (ref.tanh_backward, tanh_backward_mistakes, "tanh")}
    reference, mistakes, act = refs[name]

    def check(f):
        for label, d_H, H in _sigmoid_cases(name, act):
            expect_array(call(f, name, d_H.copy(), H.copy()), reference(d_H, H), f"{name} on {label}",
                         mistakes=mistakes(d_H, H), rtol=_rtol(H), reveal=False)
    return check


def _activation_gradcheck(name):
    def check(f):
        rng = _rng(name, "gradcheck")
        act = ref.sigmoid if name == "sigmoid_backward" else np.tanh
        mistakes = sigmoid_backward_mistakes if name == "sigmoid_backward" else tanh_backward_mistakes
        z, d_H = rng.normal(size=(3, 4)) * 1.5, rng.normal(size=(3, 4))
        numeric = numerical_gradient(lambda v: np.sum(d_H * act(v)), z)
        H = act(z)
        expect_array(call(f, name, d_H.copy(), H.copy()), numeric,
                     f"{name} against finite differences of sum(d_H * activation(z))",
                     mistakes=mistakes(d_H, H), rtol=1e-5, atol=1e-7, reveal=False)
    return check


def _activation_saturation(name):
    """Saturated units, |z| = 20 and beyond: H is (or rounds to) 0, 1 or -1; the gradient is tiny and finite."""
    def check(f):
        rng = _rng(name, "saturation")
        act = ref.sigmoid if name == "sigmoid_backward" else np.tanh
        reference = ref.sigmoid_backward if name == "sigmoid_backward" else ref.tanh_backward
        z = np.array([[-20.0, 20.0, -40.0], [40.0, 0.5, -800.0]])
        d_H, H = rng.normal(size=z.shape), act(z)
        with np.errstate(all="ignore"):
            got = call(f, name, d_H.copy(), H.copy())
        expect_array(got, reference(d_H, H), f"{name} on saturated units (|z| of 20 and more, H at or next to "
                     "its limits): compute the derivative from H itself, without recovering z",
                     rtol=1e-5, atol=1e-12, reveal=False)
    return check


def _unchanged_activation(name):
    def check(f):
        rng = _rng(name, "unchanged")
        check_unchanged(f, name, [rng.normal(size=(3, 4)), ref.sigmoid(rng.normal(size=(3, 4)))], ["d_H", "H"])
    return check


register("sigmoid_backward", "values", _activation_values("sigmoid_backward"))
register("sigmoid_backward", "gradcheck", _activation_gradcheck("sigmoid_backward"))
register("sigmoid_backward", "saturation", _activation_saturation("sigmoid_backward"))
register("sigmoid_backward", "unchanged", _unchanged_activation("sigmoid_backward"))
register("tanh_backward", "values", _activation_values("tanh_backward"))
register("tanh_backward", "gradcheck", _activation_gradcheck("tanh_backward"))
register("tanh_backward", "saturation", _activation_saturation("tanh_backward"))
register("tanh_backward", "unchanged", _unchanged_activation("tanh_backward"))


def _norm_cases(tag):
    rng = _rng(tag)
    for sizes in [(4, 3, 2), (5, 5, 5, 3), (3, 6), (2, 4, 4, 4, 4, 2)]:
        yield f"{len(sizes) - 1} layers", [(rng.normal(size=(a, b)) * rng.uniform(0.1, 3), rng.normal(size=b))
                                           for a, b in zip(sizes[:-1], sizes[1:])]


def gradient_norms_mistakes(grads):
    dWs = [np.asarray(w, dtype=float) for w, _ in grads]
    dbs = [np.asarray(b, dtype=float) for _, b in grads]
    fro = np.array([np.sqrt(np.sum(w ** 2)) for w in dWs])
    return [Mistake("these are squared norms: take the square root of the sum of squares", fro ** 2),
            Mistake("the layers are in reverse order: the first entry must be the first layer's", fro[::-1]),
            Mistake("the bias gradients are included: the norm is of each layer's weight gradient d_W only",
                    np.array([np.sqrt(np.sum(w ** 2) + np.sum(b ** 2)) for w, b in zip(dWs, dbs)])),
            Mistake("these are the norms of the bias gradients d_b, not of the weight gradients d_W",
                    np.array([np.sqrt(np.sum(b ** 2)) for b in dbs])),
            Mistake("this is the largest absolute entry of each d_W, not its (Frobenius) norm",
                    np.array([np.max(np.abs(w)) for w in dWs])),
            Mistake("this is the sum of absolute values (the L1 norm), not the square root of the sum of squares",
                    np.array([np.sum(np.abs(w)) for w in dWs])),
            Mistake("this is the matrix 2-norm (largest singular value): the course uses the Frobenius norm, the "
                    "square root of the sum of all squared entries", np.array([np.linalg.norm(w, 2) for w in dWs])),
            Mistake("this is the mean of the squared entries, not the square root of their sum",
                    np.array([np.mean(w ** 2) for w in dWs]))]


@hidden_check("gradient_norms", "values")
def _gradient_norms_values(f):
    for label, grads in _norm_cases("gradient_norms"):
        got = call(f, "gradient_norms", [(w.copy(), b.copy()) for w, b in grads])
        expect_array(got, ref.gradient_norms(grads), f"gradient_norms on {label}",
                     mistakes=gradient_norms_mistakes(grads), reveal=False)


@hidden_check("gradient_norms", "unchanged")
def _gradient_norms_unchanged(f):
    (_, grads), *_ = _norm_cases("gradient_norms/unchanged")
    check_unchanged(f, "gradient_norms", [grads], ["grads"])


# Graphs: {name: {"op": str, "parents": [names], "value": ndarray}}, as the notebook's Tensor class builds them.
FORWARD = {"add": lambda a, b: a + b, "mul": lambda a, b: a * b, "matmul": lambda a, b: a @ b,
           "relu": lambda a: np.maximum(0.0, a), "sum": lambda a: np.array(np.sum(a)),
           "mean": lambda a: np.array(np.mean(a)),
           "cross_entropy": lambda z, y: np.array(ref.softmax_cross_entropy(z, y)[0])}


class _Builder:
    def __init__(self):
        self.graph = {}

    def input(self, name, value):
        self.graph[name] = {"op": "input", "parents": [], "value": np.asarray(value, dtype=float)}
        return name

    def op(self, name, op, *parents):
        value = FORWARD[op](*(self.graph[p]["value"] for p in parents))
        self.graph[name] = {"op": op, "parents": list(parents), "value": np.asarray(value, dtype=float)}
        return name


def _shuffled(graph, rng):
    """The same graph with its entries in a random order: a dict's order says nothing about the graph."""
    keys = list(graph)
    return {keys[i]: graph[keys[i]] for i in rng.permutation(len(keys))}


def _graph_cases(tag, with_net=False):
    """(label, graph, root) built from the given ops (mul, relu, sum, mean), seeded, in shuffled order."""
    rng = _rng(tag)
    g = _Builder()
    g.input("x", _away_from_zero(rng, (3,)))
    g.op("y", "mul", "x", "x")
    g.op("L", "sum", "y")
    yield "L = sum(x * x), x used twice by one node", g.graph, "L"
    g = _Builder()
    g.input("x", _away_from_zero(rng, (2, 3)))
    g.input("w", _away_from_zero(rng, (2, 3)))
    g.op("a", "relu", "x")
    g.op("b", "mul", "x", "w")
    g.op("c", "mul", "a", "b")
    g.op("L", "mean", "c")
    yield "a diamond (x feeds relu(x) and x * w, which meet again)", g.graph, "L"
    g = _Builder()
    g.input("x", _away_from_zero(rng, (4,), low=0.5, high=1.5))
    g.input("w", _away_from_zero(rng, (4,), low=0.5, high=1.5))
    g.op("u", "mul", "x", "w")
    g.op("v", "mul", "u", "x")
    g.op("r", "relu", "v")
    g.op("s", "mul", "r", "u")
    g.op("t", "mul", "s", "v")
    g.op("unused", "sum", "w")
    g.op("L", "sum", "t")
    yield "a chain with several shared values and a node L does not use", g.graph, "L"
    if with_net:
        yield _net_graph(rng)


def _net_graph(rng):
    g = _Builder()
    X, W1 = rng.normal(size=(4, 3)), rng.normal(size=(3, 5))
    b1 = rng.normal(size=5)
    Z = X @ W1 + b1
    b1 = np.where(np.abs(Z).min(axis=0) < 0.1, b1 + 0.3, b1)
    g.input("X", X), g.input("W1", W1), g.input("b1", b1)
    g.input("W2", rng.normal(size=(5, 3))), g.input("b2", rng.normal(size=3))
    g.input("labels", np.array([0, 2, 1, 2]))
    g.op("XW1", "matmul", "X", "W1")
    g.op("Z1", "add", "XW1", "b1")
    g.op("H1", "relu", "Z1")
    g.op("HW2", "matmul", "H1", "W2")
    g.op("logits", "add", "HW2", "b2")
    g.op("L", "cross_entropy", "logits", "labels")
    return ("a two-layer network (this graph also uses your add_backward and matmul_backward: check those "
            "first)", g.graph, "L")


def _copy_graph(graph):
    return {k: {"op": v["op"], "parents": list(v["parents"]), "value": v["value"].copy()} for k, v in graph.items()}


def _copy_grads(grads):
    return {k: np.array(v, dtype=float) for k, v in grads.items()}


def _random_dag(rng, n, int_names=False):
    """A seeded random DAG over n nodes, node i's parents drawn from nodes < i (sometimes one twice)."""
    names = list(range(n)) if int_names else [f"n{i}" for i in range(n)]
    graph = {}
    for i, name in enumerate(names):
        k = 0 if i < 2 else int(rng.integers(1, 4))
        parents = [names[int(j)] for j in rng.integers(0, i, size=k)] if k else []
        graph[name] = {"op": "mul", "parents": parents, "value": np.zeros(1)}
    root = names[-1]
    return graph, root


def _reachable(graph, root):
    seen, todo = set(), [root]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph[name]["parents"])
    return seen


@hidden_check("topological_order", "order")
def _topological_order_check(f):
    rng = _rng("topological_order")
    cases = [(label, graph, root) for label, graph, root in _graph_cases("topological_order/graphs", True)]
    for i in range(6):
        graph, root = _random_dag(rng, int(rng.integers(6, 16)), int_names=(i == 5))
        cases.append((f"random graph {i + 1} ({len(graph)} nodes)", graph, root))
    chain = {"c0": {"op": "input", "parents": [], "value": np.zeros(1)}}
    for i in range(1, 120):
        chain[f"c{i}"] = {"op": "mul", "parents": [f"c{i - 1}", f"c{i - 1}"], "value": np.zeros(1)}
    cases.append(("a chain of 120 nodes, each using the previous one twice", chain, "c119"))
    for label, graph, root in cases:
        graph = _shuffled(graph, rng)
        got = call(f, "topological_order", _copy_graph(graph), root)
        expect_topological_order(got, graph, root, sorted(_reachable(graph, root), key=str),
                                 f"topological_order on {label}")


@hidden_check("topological_order", "unchanged")
def _topological_order_unchanged(f):
    _, graph, root = list(_graph_cases("topological_order/unchanged"))[1]
    _check_graph_unchanged(f, "topological_order", graph, root)


def _check_graph_unchanged(f, name, graph, root, grads=None):
    given = _copy_graph(graph)
    given_grads = _copy_grads(grads) if grads is not None else None
    call(f, name, given, root) if grads is None else call(f, name, given, root, given_grads)
    if set(given) != set(graph):
        raise AssertionError("your function changed its argument graph: it now holds other nodes. Keep your "
                             "own bookkeeping in new variables.")
    for k in graph:
        if given[k]["parents"] != graph[k]["parents"]:
            raise AssertionError(f"your function changed its argument graph: the parents of node {k!r}. Keep "
                                 "your own bookkeeping in new variables.")
        expect_unchanged(graph[k]["value"], given[k]["value"], f"graph[{k!r}]['value']")
    if grads is not None:
        if set(given_grads) != set(grads):
            raise AssertionError("your function changed its argument grads (it added or removed entries): build "
                                 "a new dict for the result.")
        for k in grads:
            expect_unchanged(grads[k], given_grads[k], f"grads[{k!r}] (add into a new array, not into this one)")


def backward_mistakes(graph, root):
    """Whole results of known mistakes: the inputs' order, parents first."""
    order = ref.topological_order(graph, root)
    forward = {n: np.zeros(np.shape(graph[n]["value"])) for n in order}
    forward[root] = np.ones(np.shape(graph[root]["value"]))
    for name in order:  # parents first: each node passes on its gradient before its consumers fill it in
        for parent, g in zip(graph[name]["parents"], ref.local_gradients(graph, name, forward[name])):
            forward[parent] = forward[parent] + g
    return [Mistake("the nodes are visited parents first: walk the topological order backwards, from root to "
                    "the inputs", forward)]


@hidden_check("backward", "values")
def _backward_values(f):
    rng = _rng("backward/order")
    for label, graph, root in _graph_cases("backward", with_net=True):
        expected = ref.backward(graph, root)
        for _attempt in range(3):
            shuffled = _shuffled(graph, rng)
            got = call(f, "backward", _copy_graph(shuffled), root)
            expect_gradients(got, expected, graph, f"backward on {label}", mistakes=backward_mistakes(graph, root),
                             reveal=False)


@hidden_check("backward", "fanout")
def _backward_fanout(f):
    """x * x and a diamond, each value used twice: the gradients must be added up."""
    rng = _rng("backward/fanout")
    g = _Builder()
    g.input("x", _away_from_zero(rng, (2, 2)))
    g.op("sq", "mul", "x", "x")
    g.op("L", "mean", "sq")
    cases = [("L = mean(x * x)", g.graph, "L")]
    g = _Builder()
    g.input("x", _away_from_zero(rng, (3,)))
    g.input("w", _away_from_zero(rng, (3,)))
    g.op("left", "mul", "x", "w")
    g.op("right", "relu", "x")
    g.op("top", "mul", "left", "right")
    g.op("L", "sum", "top")
    cases.append(("a diamond: x feeds two branches that meet again", g.graph, "L"))
    g = _Builder()
    g.input("x", _away_from_zero(rng, (3,)))
    g.op("twice", "add", "x", "x")
    g.op("L", "sum", "twice")
    cases.append(("L = sum(x + x) (this uses your add_backward)", g.graph, "L"))
    for label, graph, root in cases:
        got = call(f, "backward", _copy_graph(_shuffled(graph, rng)), root)
        expected = ref.backward(graph, root)
        shared = {k: v.copy() for k, v in expected.items()}
        if "twice" in graph:
            shared["twice"] = shared["x"]
        expect_gradients(got, expected, graph, f"backward on {label}", reveal=False, mistakes=[
            Mistake("the gradient of 'twice' changed after it was passed on: one array is shared between nodes. "
                    "Give every node its own zeros and add into those, instead of storing a rule's result and "
                    "adding into it later", shared)])


@hidden_check("backward", "gradcheck")
def _backward_gradcheck(f):
    """Every input node's gradient against central differences of the root's value."""
    for label, graph, root in list(_graph_cases("backward/gradcheck", with_net=True))[1:]:
        got = call(f, "backward", _copy_graph(graph), root)
        if not isinstance(got, dict):
            raise AssertionError(f"backward returned a {type(got).__name__}, expected a dict {{node name: gradient}}.")
        order = ref.topological_order(graph, root)
        for name in order:
            if graph[name]["op"] != "input" or name == "labels":
                continue

            def value_at(v, name=name):
                g = _copy_graph(graph)
                g[name]["value"] = v
                for n in order:
                    if g[n]["op"] != "input":
                        g[n]["value"] = np.asarray(FORWARD[g[n]["op"]](*(g[p]["value"] for p in g[n]["parents"])),
                                                   dtype=float)
                return float(g[root]["value"])

            if name not in got:
                raise AssertionError(f"backward on {label} returned no gradient for the input {name!r}.")
            expect_array(got[name], numerical_gradient(value_at, graph[name]["value"]),
                         f"the gradient of input {name!r} from backward on {label}, against finite differences",
                         rtol=1e-5, atol=1e-7, reveal=False)


@hidden_check("backward", "calls")
def _backward_calls(f):
    """Two calls without grads give the same result; a call with grads adds to them (and leaves them alone)."""
    rng = _rng("backward/calls")
    for label, graph, root in list(_graph_cases("backward/calls"))[:2]:
        expected = ref.backward(graph, root)
        first = call(f, "backward", _copy_graph(graph), root)
        first = _copy_grads(first) if isinstance(first, dict) else first
        expect_gradients(first, expected, graph, f"backward on {label}, first call", reveal=False)
        second = call(f, "backward", _copy_graph(graph), root)
        doubled = {k: 2 * v for k, v in expected.items()}
        expect_gradients(second, expected, graph, f"backward on {label}, called a second time without grads",
                         mistakes=[Mistake("the gradients grow from one call to the next: without grads, every "
                                           "call must start from zero. Something keeps its values between calls "
                                           "(a default argument such as grads={}, which Python creates only once, "
                                           "or a dict outside the function)", doubled)], reveal=False)
        previous = {k: rng.normal(size=np.shape(v)) for k, v in expected.items()}
        summed = {k: previous[k] + expected[k] for k in expected}
        got = call(f, "backward", _copy_graph(graph), root, _copy_grads(previous))
        expect_gradients(got, summed, graph, f"backward on {label} with grads from an earlier batch",
                         mistakes=[Mistake("the gradients passed in as grads are dropped: with grads given, the "
                                           "result is grads plus this graph's gradients (accumulation over "
                                           "batches)", expected),
                                   Mistake("the result is only the grads passed in: this graph's gradients are "
                                           "not added to them", previous)], reveal=False)
    # Accumulating over two batches: two graphs that share the parameter w, but not their other nodes.
    g1, g2 = _Builder(), _Builder()
    w = _away_from_zero(rng, (3,))
    for g, tag in ((g1, "1"), (g2, "2")):
        g.input("w", w)
        g.input(f"x{tag}", _away_from_zero(rng, (3,)))
        g.op(f"p{tag}", "mul", "w", f"x{tag}")
        g.op(f"L{tag}", "sum", f"p{tag}")
    first = ref.backward(g1.graph, "L1")
    got = call(f, "backward", _copy_graph(g2.graph), "L2", _copy_grads(first))
    expected = ref.backward(g2.graph, "L2", first)
    union = dict(g1.graph, **g2.graph)
    expect_gradients(got, expected, union, "backward on a second batch's graph with grads from the first batch "
                     "(the two graphs share the parameter 'w')", reveal=False)


@hidden_check("backward", "unchanged")
def _backward_unchanged(f):
    label, graph, root = list(_graph_cases("backward/unchanged"))[1]
    _check_graph_unchanged(f, "backward", graph, root)
    previous = {k: np.ones(np.shape(v)) for k, v in ref.backward(graph, root).items()}
    _check_graph_unchanged(f, "backward", graph, root, previous)


ADD_NAMES = ("d_a", "d_b")


def _add_cases(tag):
    rng = _rng(tag)
    for a_shape, b_shape, label in [((3, 4), (3, 4), "equal shapes"), ((5, 4), (4,), "a bias (4,) added to a batch (5, 4)"),
                                    ((4,), (3, 4), "a (4,) added to a batch (3, 4), bias first"),
                                    ((4, 4), (4,), "a bias (4,) added to a square batch (4, 4)"),
                                    ((3, 1), (1, 4), "a column (3, 1) plus a row (1, 4)"),
                                    ((2, 3), (), "a scalar added to a (2, 3) array"),
                                    ((2, 3, 4), (4,), "a bias (4,) added to a (2, 3, 4) array"),
                                    ((1, 4), (4,), "a bias added to a batch of one sample")]:
        a, b = rng.normal(size=a_shape), rng.normal(size=b_shape)
        yield label, rng.normal(size=np.broadcast_shapes(a_shape, b_shape)), a, b


def add_backward_mistakes(d_out, a, b):
    d_out = np.asarray(d_out, dtype=float)
    out = {}
    for name, x in (("d_a", a), ("d_b", b)):
        shape = np.shape(x)
        ms = [Mistake("not summed back to the operand's shape: broadcasting stretched this operand, so its "
                      "gradient must be summed over the stretched axes", d_out)]
        if d_out.ndim >= 1 and len(shape) == 1:
            ms.append(Mistake("averaged over the batch instead of summed: every row used the same operand, so "
                              "their gradients add up", d_out.reshape(-1, shape[0]).mean(axis=0)))
            if d_out.ndim == 2 and d_out.shape[1] == d_out.shape[0]:
                ms.append(Mistake("summed over the wrong axis: sum over the batch (the rows), one entry per "
                                  "column", d_out.sum(axis=1)))
        ms.append(Mistake("summed over every axis into one number", np.array(d_out.sum())))
        out[name] = ms
    return out


@hidden_check("add_backward", "values")
def _add_backward_values(f):
    for label, d_out, a, b in _add_cases("add_backward"):
        got = call(f, "add_backward", d_out.copy(), a.copy(), b.copy())
        expect_arrays(got, ref.add_backward(d_out, a, b), ADD_NAMES, f"add_backward with {label}",
                      mistakes=add_backward_mistakes(d_out, a, b), reveal=False)


@hidden_check("add_backward", "gradcheck")
def _add_backward_gradcheck(f):
    for label, d_out, a, b in list(_add_cases("add_backward/gradcheck"))[1:5]:
        numeric = (numerical_gradient(lambda v: np.sum(d_out * (v + b)), a),
                   numerical_gradient(lambda v: np.sum(d_out * (a + v)), b))
        got = call(f, "add_backward", d_out.copy(), a.copy(), b.copy())
        expect_arrays(got, numeric, ADD_NAMES, f"add_backward with {label}, against finite differences",
                      mistakes=add_backward_mistakes(d_out, a, b), rtol=1e-5, atol=1e-7, reveal=False)


@hidden_check("add_backward", "unchanged")
def _add_backward_unchanged(f):
    (_, d_out, a, b), *_ = list(_add_cases("add_backward/unchanged"))[1:]
    check_unchanged(f, "add_backward", [d_out, a, b], ["d_out", "a", "b"])


def _matmul_cases(tag):
    rng = _rng(tag)
    for B, n, m in [(4, 3, 2), (3, 3, 3), (1, 4, 2), (2, 5, 5), (5, 2, 4)]:
        yield f"a ({B}, {n}) @ b ({n}, {m})", rng.normal(size=(B, m)), rng.normal(size=(B, n)), rng.normal(size=(n, m))
    yield ("float32 inputs", rng.normal(size=(3, 2)).astype(np.float32), rng.normal(size=(3, 4)).astype(np.float32),
           rng.normal(size=(4, 2)).astype(np.float32))


def matmul_backward_mistakes(d_out, a, b):
    d_out, a, b = (np.asarray(v, dtype=float) for v in (d_out, a, b))
    ms = {"d_a": [], "d_b": [Mistake("d_b is the transpose of the expected one: the factors are in the wrong "
                                     "order", d_out.T @ a)]}
    ms["d_a"].append(Mistake("d_a is the transpose of the expected one: the factors are in the wrong order",
                             b @ d_out.T))
    if b.shape[0] == b.shape[1]:
        ms["d_a"].append(Mistake("d_a multiplies by b where b's transpose belongs (this fits only a square b)",
                                 d_out @ b))
    if a.shape[0] == a.shape[1]:
        ms["d_b"].append(Mistake("d_b multiplies by a where a's transpose belongs (this fits only a square a)",
                                 a @ d_out))
    return ms


@hidden_check("matmul_backward", "values")
def _matmul_backward_values(f):
    for label, d_out, a, b in _matmul_cases("matmul_backward"):
        got = call(f, "matmul_backward", d_out.copy(), a.copy(), b.copy())
        expect_arrays(got, ref.matmul_backward(d_out, a, b), ADD_NAMES, f"matmul_backward with {label}",
                      mistakes=matmul_backward_mistakes(d_out, a, b), rtol=_rtol(a), reveal=False)


@hidden_check("matmul_backward", "gradcheck")
def _matmul_backward_gradcheck(f):
    for label, d_out, a, b in list(_matmul_cases("matmul_backward/gradcheck"))[:3]:
        numeric = (numerical_gradient(lambda v: np.sum(d_out * (v @ b)), a),
                   numerical_gradient(lambda v: np.sum(d_out * (a @ v)), b))
        got = call(f, "matmul_backward", d_out.copy(), a.copy(), b.copy())
        expect_arrays(got, numeric, ADD_NAMES, f"matmul_backward with {label}, against finite differences",
                      mistakes=matmul_backward_mistakes(d_out, a, b), rtol=1e-5, atol=1e-7, reveal=False)


@hidden_check("matmul_backward", "unchanged")
def _matmul_backward_unchanged(f):
    (_, d_out, a, b), *_ = _matmul_cases("matmul_backward/unchanged")
    check_unchanged(f, "matmul_backward", [d_out, a, b], ["d_out", "a", "b"])


def run(function_name, aspect, func):
    """Run one hidden check of a student's function; raises AssertionError with a student-facing message."""
    CHECKS[(function_name, aspect)](func)
