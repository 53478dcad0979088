"""Run a public check: call a student's function on a case given as data and compare with the data.

A case is a dict of literal values that the course build writes into the public tests (students see the
numbers, never the formula that produced them):

    function  : str, the graded function's name, e.g. "mse_gradient"
    kind      : "array" (one array back), "scalar" (one number), "arrays" (a tuple of arrays),
                "params_and_loss" (train_step's (new_params, loss))
    what      : str, how messages name this call, e.g. "mse_gradient on a (2, 3) batch"
    args      : list, the arguments (arrays, lists or tuples of arrays, numbers)
    argnames  : list of str, the arguments' names, for "your function changed its argument ..."
    expected  : the right result (an array, a number, a tuple of arrays, or (new_params, loss))
    names     : for "arrays": the results' names; for "params_and_loss": the new parameters' names
    mistakes  : what known mistakes return (compare.Mistake) and where they show (compare.Region): a list,
                or {result name: list}; for "params_and_loss" {"loss": [...], "params": {...}}
    rtol, atol, hint : optional, passed on to bpcheck.compare

Every case also checks that the function left its arguments as it found them. The same helpers (``call``,
``check_unchanged``, ``expect_params_and_loss``) serve the hidden tests, so a mistake gets the same name in
both.
"""

import numpy as np

from .compare import ATOL, RTOL, expect_array, expect_arrays, expect_scalar, expect_tuple, expect_unchanged, fail

# What to look at when a function raises ValueError (shapes that do not fit): the shapes and the idea, in words.
SHAPE_HINTS = {
    "layer_backward": "weights has shape (n_in, n_out) and d_z shape (n_out,); d_inputs needs one entry per "
                      "input, a sum over the units, and a transpose of the weights fits only square weights; "
                      "d_weights has the shape of weights, one row per input; the ReLU derivative is taken at z, "
                      "which has shape (n_out,)",
    "backward_pass": "W2 has shape (n_hidden, n_out) and d_output shape (n_out,); the gradient for h1 needs "
                     "one entry per hidden unit, a sum over the outputs, and W2 transposed fits only a square "
                     "W2; the ReLU derivative is taken at the hidden pre-activation z1, shape (n_hidden,)",
    "forward_pass": "x has shape (n_in,) and W1 shape (n_in, n_hidden): with weights stored (inputs, outputs) "
                    "a layer multiplies the row vector x from the left of W1 (the other order fits only a "
                    "square W1); the output layer likewise takes h1 from the left of W2",
    "softmax": "for a batch of shape (batch, n), take the maximum and the sum along the last axis and keep "
               "that axis, so that they line up with z",
    "matmul_backward": "for out = a @ b with a (B, n) and b (n, m), d_out has shape (B, m): d_a must have a's "
                       "shape (B, n) and d_b b's shape (n, m); check which factor is transposed",
    "add_backward": "d_out has the shape of a + b after broadcasting; each returned gradient must have the shape "
                    "of its own operand",
    "backward": "a gradient added (+=) to a node's gradient must have that node's shape: check the backward "
                "rules' results (for example add_backward's, summed back to each operand's shape)",
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
    except Exception as exc:  # noqa: BLE001 - whatever the student's code raised
        kind = type(exc).__name__
        fail(f"{name} raised {kind}: {exc}", f"raised-{kind.lower()}", f"raises {kind}")


def fresh_copy(arg):
    """A deep copy of an argument: arrays are copied, and so are the arrays inside lists and tuples."""
    if isinstance(arg, np.ndarray):
        return arg.copy()
    if isinstance(arg, (list, tuple)):
        return type(arg)(fresh_copy(a) for a in arg)
    return arg


def expect_same(before, after, argname):
    """Fail, naming the argument (e.g. params[0]), if ``after`` differs from the untouched ``before``."""
    if isinstance(before, (list, tuple)):
        if not isinstance(after, (list, tuple)) or len(after) != len(before):
            raise AssertionError(f"your function changed its argument {argname}: it now holds {len(after)} "
                                 f"entries instead of {len(before)}. Build a new list instead.")
        for i, (b, a) in enumerate(zip(before, after)):
            expect_same(b, a, f"{argname}[{i}]")
    elif isinstance(before, np.ndarray):
        expect_unchanged(before, after, argname)


def check_unchanged(func, name, args, argnames):
    """Call func on copies of args and fail if any of them (or any array inside a list) comes back changed."""
    given = [fresh_copy(a) for a in args]
    call(func, name, *given)
    for before, after, argname in zip(args, given, argnames):
        expect_same(before, after, argname)


def expect_params_and_loss(got, expected_params, expected_loss, what, *, loss_mistakes=(), param_mistakes=None,
                           names=("new W1", "new b1", "new W2", "new b2"), reveal=True):
    """Check train_step's result, (new_params, loss), naming a swapped order, a wrong loss or wrong parameters."""
    if (isinstance(got, (tuple, list)) and len(got) == 2 and isinstance(got[1], (tuple, list))
            and isinstance(got[0], (int, float, np.number, np.ndarray)) and np.ndim(got[0]) == 0):
        fail(f"{what} returns its results in the wrong order: (loss, new_params); return (new_params, loss).",
             "wrong-order", "the results come back in the wrong order")
    got_params, got_loss = expect_tuple(got, ("new_params", "loss"), what)
    expect_scalar(got_loss, expected_loss, f"the loss from {what} (measured before the update)",
                  mistakes=loss_mistakes, reveal=reveal)
    expect_arrays(got_params, tuple(expected_params), tuple(names), f"the new_params from {what}",
                  mistakes=param_mistakes, reveal=reveal)


def works(func, case):
    """True if func passes a public case: a finite-difference check that differentiates the student's own
    function (their loss, their forward pass) first makes sure that function is right, so that a mistake there
    costs points only where it is checked, not again in the gradient's check."""
    try:
        check(func, case)
    except AssertionError:
        return False
    return True


def check(func, case):
    """Run one public case (see the module docstring); raises AssertionError with a student-facing message."""
    name, kind, what = case["function"], case["kind"], case["what"]
    args = list(case["args"])
    given = [fresh_copy(a) for a in args]
    with np.errstate(all="ignore"):
        got = call(func, name, *given)
    tol = {"rtol": case.get("rtol", RTOL), "atol": case.get("atol", ATOL)}
    mistakes = case.get("mistakes", ())
    if kind == "array":
        expect_array(got, case["expected"], what, mistakes=mistakes, **tol)
    elif kind == "scalar":
        extra = {"hint": case["hint"]} if "hint" in case else {}
        expect_scalar(got, case["expected"], what, mistakes=mistakes, **tol, **extra)
    elif kind == "arrays":
        expect_arrays(got, tuple(case["expected"]), tuple(case["names"]), what, mistakes=mistakes, **tol)
    elif kind == "params_and_loss":
        new_params, loss = case["expected"]
        expect_params_and_loss(got, new_params, loss, what, loss_mistakes=mistakes.get("loss", ()),
                               param_mistakes=mistakes.get("params"), names=case["names"])
    else:
        raise ValueError(f"unknown kind of case: {kind!r}")
    for before, after, argname in zip(args, given, case["argnames"]):
        expect_same(before, after, argname)
