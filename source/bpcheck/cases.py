"""The public cases of every graded function, declared as inputs only (build time: never shipped).

Each entry of ``PUBLIC`` names a graded function's public case and gives its inputs, written out as numbers.
``case(function, name)`` completes it into the dict ``bpcheck.public.check`` runs: the expected result from
``reference.py`` and what each named mistake of ``hidden.py`` would return, so a public check names a mistake
with the very words of the hidden tests. The masters' public test cells call ``case(...)``; the course build
(``coursekit/generate/public_cases.py``) evaluates every such call and writes the result into the public test
files as literals, so students see data and never the code that computed it. In source/ (the masters run by
an instructor, or the accuracy suite in process) ``case`` computes the same values on the fly.

To add a public case: add ``"<name>": Inputs(what, *args)`` under the function below, and call
``check(<function>, case("<function>", "<name>"))`` in a public test cell of the master.
"""

import inspect

import numpy as np

from . import hidden
from . import reference as ref


class Inputs:
    """One public case's inputs. what: how messages name the call; args: the arguments, lists or numbers.

    Lists become float64 arrays; wrap one in ``ints(...)`` or ``f32(...)`` for another dtype, in ``tuple_of``
    or ``list_of`` for a tuple or list of arrays (the parameters of train_step and update_parameters).
    """

    def __init__(self, what, *args, **options):
        self.what, self.args, self.options = what, args, options


def ints(values):
    return np.array(values, dtype=np.int64)


def f32(values):
    return np.array(values, dtype=np.float32)


class tuple_of(tuple):
    pass


class list_of(list):
    pass


def _array(value):
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, tuple_of):
        return tuple(_array(v) for v in value)
    if isinstance(value, list_of):
        return [_array(v) for v in value]
    if isinstance(value, (int, float)):
        return float(value)
    return np.array(value, dtype=float)


EXAMPLE = ([2.5, 3.0, 1.5], [3.0, 3.0, 2.0])          # the handout's three predictions and targets
BATCH = ([[1.0, 2.0, 3.0], [0.0, 0.5, 0.0]], [[1.0, 0.0, 3.5], [1.0, 0.0, -1.0]])
LAYER = ([0.5, -1.0, 2.0], [1.0, 2.0], [[1.0, -1.0, 0.5], [0.5, 1.0, -1.0]], [2.0, 1.0, -1.0])
NET_X, NET_W1, NET_B1 = [1.0, 2.0], [[1.0, -1.0, 0.5], [0.0, 1.0, -1.0]], [0.0, 0.5, 1.0]
NET_W2, NET_B2, NET_Y = [[1.0, 0.0], [2.0, -1.0], [3.0, 1.0]], [0.5, -0.5], [3.0, -3.0]
# A 3-3-3 network (square weights, as many inputs as hidden units), hidden unit 2 exactly at the kink z1 == 0.
SQ_X, SQ_W1, SQ_B1 = [1.0, -2.0, 0.5], [[1.0, 0.5, -1.0], [0.5, 1.0, 0.5], [2.0, 2.0, 1.0]], [0.5, 0.5, 0.0]
SQ_W2, SQ_B2, SQ_Y = [[0.5, -1.0, 1.0], [1.0, 0.5, -0.5], [-1.0, 2.0, 0.5]], [0.1, -0.2, 0.3], [1.0, 0.0, -1.0]

PUBLIC = {
    "mse_loss": {
        "example": Inputs("mse_loss([2.5, 3.0, 1.5], [3.0, 3.0, 2.0])", *EXAMPLE),
        "batch": Inputs("mse_loss on a (2, 3) batch", *BATCH),
    },
    "mse_gradient": {
        "example": Inputs("mse_gradient([2.5, 3.0, 1.5], [3.0, 3.0, 2.0])", *EXAMPLE),
        "batch": Inputs("mse_gradient on a (2, 3) batch", *BATCH),
    },
    "relu": {
        "example": Inputs("relu([-2, -1, 0, 1, 2])", [-2.0, -1.0, 0.0, 1.0, 2.0]),
        "batch": Inputs("relu on a (2, 3) array", [[1.5, -0.5, 0.0], [-3.0, 2.0, -1.0]]),
    },
    "relu_gradient": {
        "example": Inputs("relu_gradient([-2, -1, 0, 1, 2])", [-2.0, -1.0, 0.0, 1.0, 2.0]),
        "batch": Inputs("relu_gradient on a (2, 3) array", [[0.7, -1.2, 2.5], [-0.3, 1.1, -2.0]]),
    },
    "layer_backward": {
        "example": Inputs("layer_backward on the worked example", *LAYER),
        # 3 inputs (one negative), 3 units: unit 1 exactly at the kink z == 0, unit 3 off.
        "kink": Inputs("layer_backward with 3 inputs and 3 units, unit 1 exactly at z == 0",
                       [1.0, -0.5, 2.0], [0.5, -1.0, 1.5], [[1.0, 0.5, -1.0], [2.0, -1.0, 0.5], [0.5, 1.0, 1.0]],
                       [0.0, 1.5, -0.5]),
    },
    "forward_pass": {
        "example": Inputs("forward_pass on the worked example", NET_X, NET_W1, NET_B1, NET_W2, NET_B2),
    },
    "backward_pass": {
        "example": Inputs("backward_pass on the worked network with y_true = [2, -1]", NET_X, [2.0, -1.0],
                          NET_W1, NET_B1, NET_W2, NET_B2),
        "square": Inputs("backward_pass on a 3-3-3 network with hidden unit 2 exactly at z1 == 0",
                         SQ_X, SQ_Y, SQ_W1, SQ_B1, SQ_W2, SQ_B2),
    },
    "update_parameters": {
        "example": Inputs("update_parameters(params, grads, 0.1)",
                          list_of([[[1.0, -2.0], [0.5, 3.0]], [0.0, 1.0]]),
                          list_of([[[0.5, -1.0], [2.0, 0.0]], [-1.0, 4.0]]), 0.1),
    },
    "train_step": {
        "example": Inputs("train_step on the worked example with learning rate 0.1", NET_X, NET_Y,
                          tuple_of([NET_W1, NET_B1, NET_W2, NET_B2]), 0.1),
    },
    "softmax": {
        "example": Inputs("softmax([0, 1, 2])", [0.0, 1.0, 2.0]),
        "batch": Inputs("softmax on a batch of 2 rows (each row must sum to 1)", [[0.0, 1.0, 2.0], [1.0, 1.0, -1.0]]),
        "large": Inputs("softmax on a batch of large logits and logits hundreds apart (subtract each row's "
                        "maximum before np.exp)", [[1000.0, 1001.0, 1002.0], [-1.0, 0.0, 1.0], [0.0, 800.0, -800.0]]),
    },
    "cross_entropy_loss": {
        "example": Inputs("cross_entropy_loss([2, 1, 0.1], [0, 1, 0])", [2.0, 1.0, 0.1], [0.0, 1.0, 0.0]),
        "large": Inputs("cross_entropy_loss([1000, 0, -1000], [0, 1, 0]) (use a stable log-softmax)",
                        [1000.0, 0.0, -1000.0], [0.0, 1.0, 0.0]),
    },
    "softmax_cross_entropy_gradient": {
        "example": Inputs("softmax_cross_entropy_gradient([2, 1, 0.1, -1], [0, 1, 0, 0])",
                          [2.0, 1.0, 0.1, -1.0], [0.0, 1.0, 0.0, 0.0]),
        "large": Inputs("softmax_cross_entropy_gradient([1000, 0, -1000], [0, 1, 0])",
                        [1000.0, 0.0, -1000.0], [0.0, 1.0, 0.0]),
    },
}


def _clean(mistakes):
    """Drop mistakes without a candidate (a mistake that cannot occur for these shapes)."""
    if isinstance(mistakes, dict):
        return {k: _clean(v) for k, v in mistakes.items()}
    return [m for m in mistakes if getattr(m, "candidate", True) is not None]


def _complete(function, args):
    """(kind, expected, mistakes, extra) for a function on concrete arguments."""
    if function == "mse_loss":
        return "scalar", ref.mse_loss(*args), hidden.mse_loss_mistakes(*args), {}
    if function == "mse_gradient":
        return "array", ref.mse_gradient(*args), hidden.mse_gradient_mistakes(*args), {}
    if function == "relu":
        return "array", ref.relu(*args), hidden.relu_mistakes(*args), {}
    if function == "relu_gradient":
        return "array", ref.relu_gradient(*args), hidden.relu_gradient_mistakes(*args), {}
    if function == "layer_backward":
        return ("arrays", ref.layer_backward(*args), hidden.layer_mistakes(*args), {"names": hidden.LAYER_NAMES})
    if function == "forward_pass":
        return "arrays", ref.forward_pass(*args), hidden.forward_mistakes(*args), {"names": ("h1", "output")}
    if function == "backward_pass":
        return "arrays", ref.backward_pass(*args), hidden.net_mistakes(*args[:6]), {"names": hidden.NET_NAMES}
    if function == "update_parameters":
        params, grads, lr = args
        names = tuple(f"new parameter {i + 1}" for i in range(len(params)))
        return ("arrays", tuple(ref.update_parameters(*args)), hidden.update_mistakes(params, grads, lr, names),
                {"names": names})
    if function == "train_step":
        x, y, params, lr = args
        new_params, loss = ref.train_step(*args)
        return ("params_and_loss", (tuple(new_params), loss),
                {"loss": hidden.train_loss_mistakes(x, y, params, lr),
                 "params": hidden.train_step_mistakes(x, y, params, lr)}, {"names": hidden.TRAIN_NAMES})
    if function == "softmax":
        return "array", ref.softmax(*args), hidden.softmax_mistakes(*args), {}
    if function == "cross_entropy_loss":
        return "scalar", ref.cross_entropy_loss(*args), hidden.ce_loss_mistakes(*args), {"hint": hidden.CE_HINT}
    if function == "softmax_cross_entropy_gradient":
        return "array", ref.softmax_cross_entropy_gradient(*args), hidden.ce_mistakes(*args), {}
    raise KeyError(f"no public cases for {function}")


def case(function, name):
    """The complete public case ``name`` of ``function``: a dict for bpcheck.public.check (see its docstring)."""
    spec = PUBLIC[function][name]
    args = [_array(a) for a in spec.args]
    argnames = list(inspect.signature(getattr(ref, function)).parameters)
    if function == "backward_pass":  # the forward pass's results are inputs too
        args += list(ref.forward_pass(*args[:1], *args[2:6]))
    with np.errstate(all="ignore"):
        kind, expected, mistakes, extra = _complete(function, args)
    result = {"function": function, "kind": kind, "what": spec.what, "args": args, "argnames": argnames,
              "expected": expected, "mistakes": _clean(mistakes)}
    result.update(extra)
    result.update(spec.options)
    return result
