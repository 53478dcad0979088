"""Strict comparisons whose failure messages tell a student what is wrong.

Every check raises ``AssertionError`` with a message in the student's terms: which output, the
expected versus the received shape, the worst entry, and, where the result matches a known mistake,
the mistake by name. Shapes are compared exactly, so ``(1, n)`` never passes for ``(n,)``.

``reveal=False`` (used by hidden tests) keeps the inputs and expected values out of the message.

Mistake ids: every named mistake has a stable, machine-readable id (``Mistake.id``/``Region.id`` when given,
else ``slug(title)``: the label's first clause, e.g. "the-sign-is-flipped") and a short title. The
AssertionError raised for it (``fail``) carries them in its ``mistake`` and ``mistake_title`` attributes; the
grader, which runs the tests in its own process, reads them from the exception, so they never show in the
student's message (a plain AssertionError still, in otter's output too), and a student's own exception,
which reaches the grader as a new object, cannot fake one. Failures without a known mistake carry none (the
grader records them as ``unrecognised``).
"""

import re
from typing import NamedTuple

import numpy as np

# Agreement for float64 results computed two ways (students' formulas versus the reference).
RTOL = 1e-5
ATOL = 1e-8


def mistake_title(label):
    """A mistake's short title: its label up to the first colon (e.g. "the sign is flipped")."""
    return label.split(":", 1)[0].strip()


def slug(label):
    """A stable id from a label: its first clause (up to ``:;,(``), lower case, words joined by '-'."""
    first = re.split(r"[:;,(]", label, maxsplit=1)[0]
    return "-".join(re.findall(r"[a-z0-9]+", first.lower()))[:60].strip("-") or "unnamed"


def failure(message, mistake=None, title=""):
    """The AssertionError of a failed check; a recognised mistake's id and title ride on it as attributes."""
    error = AssertionError(message)
    error.__suppress_context__ = True  # raised while handling the student's exception: show only this message
    if mistake:
        error.mistake, error.mistake_title = mistake, title or mistake.replace("-", " ")
    return error


def fail(message, mistake=None, title=""):
    """Raise ``failure(message, mistake, title)``."""
    raise failure(message, mistake, title)


class Mistake(NamedTuple):
    """What a known mistake would return (``candidate``) and how to name it to a student (``label``);
    ``id`` is its stable id (default: ``slug(label)``)."""

    label: str
    candidate: object
    id: str = ""

    @property
    def key(self):
        return self.id or slug(self.label)

    @property
    def title(self):
        return mistake_title(self.label)


class Region(NamedTuple):
    """Where a known mistake shows: if every wrong entry lies where ``where`` is True, name ``label``.

    label : str, e.g. "wrong only where z == 0: ..."
    where : bool ndarray of the expected result's shape (or broadcastable to it)
    """

    label: str
    where: object
    id: str = ""

    @property
    def key(self):
        return self.id or slug(self.label)

    @property
    def title(self):
        return mistake_title(self.label)


# Generic failures the checks recognise without a Mistake: id and title.
GENERIC = {
    "returns-none": "a return statement is missing",
    "returns-tuple": "several values returned where one array was expected",
    "not-an-array": "the result is not a numeric array",
    "scalar-not-array": "a single number returned where an array was expected",
    "array-not-scalar": "an array returned where a single number was expected",
    "wrong-shape": "the result has the wrong shape",
    "extra-axis": "the result has an extra axis",
    "axes-swapped": "the result's two axes are swapped",
    "nan-or-inf": "NaN or inf in the result (an overflow, a division by zero, the log of 0)",
    "the-sign-is-flipped": "the sign is flipped",
    "half-the-expected-values": "exactly half of the expected values",
    "twice-the-expected-values": "exactly twice the expected values",
    "scale-factor-off": "a scale factor is off",
    "changes-its-argument": "the function changes its argument in place",
    "wrong-number-of-results": "the wrong number of results",
    "wrong-order": "the results come back in the wrong order",
}


def _generic(message, mistake):
    fail(message, mistake, GENERIC[mistake])


def _ids(named, generic=None):
    """(id, title) of a matched Mistake or Region, else of the generic failure ``generic``, else ()."""
    if named is not None:
        return named.key, named.title
    return (generic, GENERIC[generic]) if generic else ()


def _close(a, b, rtol, atol):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= atol + rtol * np.abs(b)))


def _fmt(x):
    return np.array2string(np.asarray(x, dtype=float), precision=4, suppress_small=True,
                           separator=", ", max_line_width=100, threshold=12)


def _named_mistake(got, mistakes, rtol, atol):
    """The first Mistake whose candidate ``got`` equals (same shape, close values), else None."""
    for mistake in mistakes:
        if not isinstance(mistake, Mistake) or mistake.candidate is None:
            continue
        with np.errstate(all="ignore"):
            candidate = np.asarray(mistake.candidate, dtype=float)
        if candidate.shape == got.shape and _close(got, candidate, rtol, atol):
            return mistake
    return None


def _named_region(wrong, mistakes):
    """The first Region that holds every wrong entry (``wrong``: bool array), else None."""
    if not wrong.any():
        return None
    for region in mistakes:
        if isinstance(region, Region):
            where = np.broadcast_to(np.asarray(region.where, dtype=bool), wrong.shape)
            if where.any() and np.all(where[wrong]):
                return region
    return None


def _constant_ratio(got, expected, rtol):
    """The factor c when ``got == c * expected`` everywhere (c != 1), else None."""
    mask = np.abs(expected) > 1e-12
    if not mask.any() or np.any(np.abs(got[~mask]) > 1e-12):
        return None
    ratios = got[mask] / expected[mask]
    c = float(np.median(ratios))
    if c == 0 or not np.allclose(ratios, c, rtol=rtol * 10, atol=0):
        return None
    return c


_RATIO_IDS = {-1.0: "the-sign-is-flipped", 0.5: "half-the-expected-values", 2.0: "twice-the-expected-values"}


def _ratio_id(c):
    return next((k for v, k in _RATIO_IDS.items() if abs(c - v) < 1e-9), "scale-factor-off")


def _describe_ratio(c, reveal=True):
    """How a result relates to the right one; without ``reveal``, an unusual factor is not printed."""
    known = {-1.0: "the sign is flipped", 0.5: "exactly half of the expected values",
             2.0: "exactly twice the expected values"}
    for value, text in known.items():
        if abs(c - value) < 1e-9:
            return f"{text} (every entry is {c:g} times the expected one)"
    if not reveal:
        return "every entry is off by the same factor: a scale factor is wrong"
    return f"every entry is {c:.4g} times the expected one: a scale factor is off"


def _describe_scalar_ratio(c, reveal=True):
    """How a wrong number relates to the right one: the sign flipped, half, double, or c times (if ``reveal``)."""
    known = {-1.0: "the sign is flipped", 0.5: "exactly half the expected value",
             2.0: "exactly twice the expected value"}
    for value, text in known.items():
        if abs(c - value) < 1e-9:
            return text
    return f"it is {c:.4g} times the expected value" if reveal else None


def _shape_hint(got_shape, expected_shape):
    n = int(np.prod(expected_shape)) if expected_shape else 1
    if len(expected_shape) == 1 and got_shape in ((1, n), (n, 1)):
        return (f" It holds the right number of entries but has an extra axis: return a 1-D array of "
                f"shape {expected_shape} (for example without reshaping, or with .ravel()).")
    if len(got_shape) == 2 and got_shape == tuple(reversed(expected_shape)):
        return " The two axes are swapped: check the order of the factors (a transpose or np.outer's arguments)."
    return ""


def _kind(got):
    """The name of got's type, as a student wrote it (a value the sandboxed grader could not carry back from
    the student's process keeps its original type's name in ``type_name``)."""
    name = getattr(got, "type_name", None)
    return name if isinstance(name, str) else type(got).__name__


def as_array(got, what):
    """``got`` as a numeric ndarray, or an AssertionError naming what came back instead."""
    if got is None:
        _generic(f"{what} returned None: is a `return` statement missing?", "returns-none")
    if isinstance(got, tuple) and len(got) > 1:
        _generic(f"{what} returned a tuple of {len(got)} values where one array was expected.", "returns-tuple")
    try:
        arr = np.asarray(got)
    except Exception as exc:  # noqa: BLE001 - ragged lists and the like
        _generic(f"{what} returned something that is not an array ({_kind(got)}): {exc}", "not-an-array")
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        _generic(f"{what} returned a {_kind(got)} that is not a numeric array.", "not-an-array")
    return arr


def expect_array(got, expected, what, *, mistakes=(), rtol=RTOL, atol=ATOL, reveal=True):
    """Check that ``got`` is an array of exactly ``expected``'s shape and values.

    got       : whatever the student's function returned
    expected  : ndarray, the right answer
    what      : str, how to name the value in messages, e.g. "mse_gradient(...)"
    mistakes  : sequence of Mistake (known wrong answers) and Region (where a known mistake shows),
                recognised in that order, before a constant ratio (half, twice, the sign flipped)
    reveal    : bool, whether messages may show expected values (False for hidden tests)
    """
    expected = np.asarray(expected, dtype=float)
    arr = as_array(got, what)
    if arr.ndim == 0 and expected.ndim > 0:
        named = _named_mistake(arr.astype(float), mistakes, rtol, atol)
        why = f" This looks like: {named.label}." if named else ""
        fail(f"{what} returned a single number, but an array of shape {expected.shape} "
             f"was expected (one entry per input entry).{why}", *_ids(named, "scalar-not-array"))
    if arr.shape != expected.shape:
        named = _named_mistake(arr, mistakes, rtol, atol)
        hint = _shape_hint(arr.shape, expected.shape)
        why = f" This looks like: {named.label}." if named else hint
        generic = "extra-axis" if "extra axis" in hint else "axes-swapped" if "swapped" in hint else "wrong-shape"
        fail(f"{what} has shape {arr.shape}, expected shape {expected.shape}.{why}", *_ids(named, generic))
    arr = arr.astype(float)
    bad = ~np.isfinite(arr)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        _generic(f"{what} contains NaN or inf ({int(bad.sum())} entries, first at index {first}): "
                 "look for an overflow (exp of a large number), a division by zero or the log of 0.", "nan-or-inf")
    if _close(arr, expected, rtol, atol):
        return
    wrong = np.abs(arr - expected) > atol + rtol * np.abs(expected)
    named = _named_mistake(arr, mistakes, rtol, atol)
    ids = _ids(named)
    label = named.label if named else None
    if named is None:
        c = _constant_ratio(arr, expected, rtol)
        if c is not None:
            label, ids = _describe_ratio(c, reveal), (_ratio_id(c), GENERIC[_ratio_id(c)])
        else:
            region = _named_region(wrong, mistakes)
            label, ids = (region.label if region else None), _ids(region)
    worst = np.unravel_index(int(np.argmax(np.abs(arr - expected))), arr.shape) if arr.shape else ()
    where = f"index {tuple(int(i) for i in worst)}" if arr.shape else "the value"
    msg = f"{what} is wrong at {int(wrong.sum())} of {arr.size} entries"
    if label:
        msg += f": {label}"
    if reveal:
        msg += (f".\n  worst at {where}: expected {expected[worst]:.6g}, got {arr[worst]:.6g}"
                f"\n  expected {_fmt(expected)}\n  got      {_fmt(arr)}")
    else:  # no number from which the expected value could be worked out
        msg += f" (worst at {where})."
    fail(msg, *ids)


# What expect_scalar tells a student whose function returned an array: the mean losses' reduction by default.
MEAN_HINT = "average over every element (for example with np.mean)"


def expect_scalar(got, expected, what, *, mistakes=(), rtol=RTOL, atol=ATOL, reveal=True, hint=MEAN_HINT):
    """Check that ``got`` is one real number (Python or NumPy scalar, or a 0-d array) close to ``expected``.

    hint : str, how to reduce to one number, shown when ``got`` is an array (default: average over every
           element; a loss that sums over classes passes its own, e.g. "sum over the classes")
    """
    arr = as_array(got, what)
    if arr.ndim != 0:
        _generic(f"{what} returned an array of shape {arr.shape}, but a single number was "
                 f"expected: {hint}.", "array-not-scalar")
    value = float(arr)
    if not np.isfinite(value):
        _generic(f"{what} is {value}: look for an overflow (exp of a large number), a division by "
                 "zero or the log of 0.", "nan-or-inf")
    if _close(value, expected, rtol, atol):
        return
    named = _named_mistake(arr.astype(float), mistakes, rtol, atol)
    label, ids = (named.label if named else None), _ids(named)
    if named is None and expected != 0:
        c = value / expected
        label = _describe_scalar_ratio(c, reveal)
        ids = (_ratio_id(c), GENERIC[_ratio_id(c)]) if _ratio_id(c) != "scale-factor-off" else ()
    msg = f"{what} is wrong" + (f": {label}" if label else "")
    msg += f".\n  expected {expected:.6g}, got {value:.6g}" if reveal else "."
    fail(msg, *ids)


def expect_unchanged(before, after, what):
    """Check that a function left its argument as it found it (``before`` is a copy made before the call)."""
    if np.shape(before) != np.shape(after) or not np.array_equal(before, after, equal_nan=True):
        _generic(f"your function changed its argument {what}: work on a copy or build a new array "
                             "(for example x * mask instead of x[mask] = 0, or x = x.copy() first).", "changes-its-argument")


def expect_tuple(got, names, what):
    """Check that ``got`` is a tuple or list of exactly ``len(names)`` results; return it as a tuple."""
    if not isinstance(got, (tuple, list)):
        _generic(f"{what} should return {len(names)} results ({', '.join(names)}) as a tuple, "
                 f"but returned a {_kind(got)}.", "wrong-number-of-results")
    if len(got) != len(names):
        _generic(f"{what} should return {len(names)} results ({', '.join(names)}), "
                 f"but returned {len(got)}.", "wrong-number-of-results")
    return tuple(got)


def _permutation(got, expected, rtol, atol):
    """The order ``got`` holds the expected results in, when it holds exactly them but not in order, else None.

    Returns a tuple ``order`` with ``got[i]`` close to ``expected[order[i]]`` for every i, each expected result
    used once and at least one out of place. A result that is not a numeric array, or that equals no expected
    result (for example d_z returned twice), means no reordering explains it: None, and the results are
    checked one by one.
    """
    arrays = []
    for g in got:
        try:
            a = np.asarray(g) if g is not None else None
        except Exception:  # noqa: BLE001 - ragged lists and the like: as_array names them in the per-result checks
            return None
        if a is None or not (np.issubdtype(a.dtype, np.number) or a.dtype == bool):
            return None
        arrays.append(a)
    n = len(arrays)
    fits = [[j for j in range(n) if _close(arrays[i], expected[j], rtol, atol)] for i in range(n)]
    if all(i in fits[i] for i in range(n)):
        return None  # every result in its place (or the caller's values are simply right)

    def assign(i, used):
        if i == n:
            return ()
        # Prefer the result's own place, so that only the moved results are reported.
        for j in sorted(fits[i], key=lambda j: j != i):
            if j not in used:
                rest = assign(i + 1, used | {j})
                if rest is not None:
                    return (j,) + rest
        return None

    order = assign(0, frozenset())
    return order if order is not None and order != tuple(range(n)) else None


def expect_arrays(got, expected, names, what, *, mistakes=None, rtol=RTOL, atol=ATOL, reveal=True):
    """Check a function that returns several arrays, e.g. ``(d_weights, d_biases, d_inputs)``.

    got       : what the student's function returned
    expected  : tuple of ndarrays, the right results in order
    names     : tuple of str, the results' names in order
    mistakes  : dict name -> sequence of Mistake and Region for that result
    """
    got = expect_tuple(got, names, what)
    mistakes = mistakes or {}
    order = _permutation(got, expected, rtol, atol)
    if order is not None:
        moved = "; ".join(f"position {i + 1} holds {names[j]}" for i, j in enumerate(order) if i != j)
        _generic(f"{what} returns its results in the wrong order: {moved}; "
                 f"return ({', '.join(names)}).", "wrong-order")
    for g, e, name in zip(got, expected, names):
        expect_array(g, e, f"{name} from {what}", mistakes=mistakes.get(name, ()), rtol=rtol, atol=atol,
                     reveal=reveal)


def expect_pairs(got, expected, pair_names, what, *, mistakes=None, rtol=RTOL, atol=ATOL, reveal=True):
    """Check a list with one pair of arrays per layer, e.g. ``[(W, b), ...]`` or ``[(d_W, d_b), ...]``.

    expected   : list of tuples of ndarrays, first layer first
    pair_names : tuple of str, e.g. ("d_W", "d_b"); results are named "d_W of layer 2" and so on
    mistakes   : dict "d_W of layer 2" -> sequence of Mistake and Region
    """
    layers = [f"layer {i + 1}" for i in range(len(expected))]
    got = expect_tuple(got, layers, what)
    pairs = [expect_tuple(g, pair_names, f"entry {i + 1} of {what} (the pair for layer {i + 1})")
             for i, g in enumerate(got)]
    if len(expected) > 1:
        def matches(a, b):
            try:
                return all(_close(np.asarray(x, dtype=float), y, rtol, atol) for x, y in zip(a, b))
            except (TypeError, ValueError):
                return False
        if not all(matches(g, e) for g, e in zip(pairs, expected)) and \
                all(matches(g, e) for g, e in zip(reversed(pairs), expected)):
            raise AssertionError(f"{what} holds the layers in reverse order: the list must start with the first "
                                 f"layer's ({', '.join(pair_names)}), in the order of params.")
    names = tuple(f"{n} of {layer}" for layer in layers for n in pair_names)
    flat_got = tuple(x for pair in pairs for x in pair)
    flat_exp = tuple(x for pair in expected for x in pair)
    expect_arrays(flat_got, flat_exp, names, what, mistakes=mistakes, rtol=rtol, atol=atol, reveal=reveal)


# --- computational graphs (part 6): graph = {name: {"op": str, "parents": [names], "value": array}} ------------
def _names(items):
    return ", ".join(repr(n) for n in items)


def _order_violation(order, graph):
    """The first (node, parent) pair of ``order`` where node comes before one of its parents, else None."""
    position = {name: i for i, name in enumerate(order)}
    for i, name in enumerate(order):
        for parent in graph[name]["parents"]:
            if parent in position and position[parent] > i:
                return name, parent
    return None


def expect_topological_order(got, graph, root, nodes, what):
    """Check that ``got`` lists exactly ``nodes`` (the names root depends on, root included), each once, every
    node after all of its parents (so root last). Messages name the node and the rule it breaks."""
    if isinstance(got, (set, frozenset, dict)):
        raise AssertionError(f"{what} returned a {_kind(got)}, which has no dependable order: return a list "
                             "of node names, every node after its parents.")
    if not isinstance(got, (list, tuple)):
        raise AssertionError(f"{what} returned a {_kind(got)}, expected a list of node names.")
    got = list(got)
    try:
        counts = {}
        for name in got:
            counts[name] = counts.get(name, 0) + 1
    except TypeError:
        raise AssertionError(f"{what} returned a list holding something other than node names "
                             "(the keys of graph).") from None
    twice = [n for n, c in counts.items() if c > 1]
    if twice:
        raise AssertionError(f"{what} lists node {twice[0]!r} {counts[twice[0]]} times: a node reached along "
                             "two paths (a value used twice, fan-out) must appear once. Remember which nodes "
                             "you have already visited.")
    missing = [n for n in nodes if n not in counts]
    if missing:
        raise AssertionError(f"{what} misses {len(missing)} node(s) root depends on, for example "
                             f"{missing[0]!r}: follow every parent of every node, from root down to the inputs.")
    extra = [n for n in got if n not in set(nodes)]
    if extra:
        raise AssertionError(f"{what} lists node(s) root does not depend on, for example {extra[0]!r}: start "
                             "from root and follow parents only, instead of listing the whole graph.")
    violation = _order_violation(got, graph)
    if violation is None:
        return
    if _order_violation(got[::-1], graph) is None:
        raise AssertionError(f"{what} is reversed: it starts at root, but every node must come after all of "
                             "its parents, so the inputs come first and root last.")
    node, parent = violation
    raise AssertionError(f"{what} lists {node!r} before its parent {parent!r}: every node must come after "
                         "all of its parents (a node is added only once all its parents are in the list).")


STUDENT_RULES = ("add", "matmul")  # the ops whose backward rules part 6's students write


def expect_gradients(got, expected, graph, what, *, mistakes=(), rtol=RTOL, atol=ATOL, reveal=True):
    """Check ``got``, a dict {node name: gradient}, against ``expected`` on the same keys.

    graph    : the graph the gradients belong to (used to say where a wrong gradient first appears)
    mistakes : Mistake(label, candidate dict) for whole results a known mistake gives, checked first
    """
    if not isinstance(got, dict):
        raise AssertionError(f"{what} returned a {_kind(got)}, expected a dict {{node name: gradient}}.")
    missing = [k for k in expected if k not in got]
    if missing:
        raise AssertionError(f"{what} has no gradient for {len(missing)} node(s) root depends on, for example "
                             f"{missing[0]!r}: return one entry for every node root depends on.")
    extra = [k for k in got if k not in expected]
    strangers = [k for k in extra if k not in graph]
    if strangers:
        raise AssertionError(f"{what} holds entries for names that are not in this graph at all, for example "
                             f"{strangers[0]!r}: something is kept from an earlier call (a default argument such "
                             "as grads={}, which Python creates only once, or a dict outside the function), so "
                             "gradients grow from one call to the next. Without grads, every call starts afresh.")
    if extra:
        raise AssertionError(f"{what} holds entries for node(s) root does not depend on, for example "
                             f"{extra[0]!r}: return gradients only for the nodes root depends on (and those "
                             "of grads, if it was given).")

    def close(a, b):
        try:
            arr = np.asarray(a, dtype=float)
        except Exception:  # noqa: BLE001 - not an array of numbers: not close
            return False
        return _close(arr, b, rtol, atol)

    for mistake in mistakes:
        cand = mistake.candidate
        if isinstance(cand, dict) and set(cand) == set(expected) and all(close(got[k], cand[k]) for k in cand):
            if not all(close(got[k], expected[k]) for k in expected):
                fail(f"{what} is wrong: {mistake.label}.", mistake.key, mistake.title)
    wrong = [k for k in expected if not close(got[k], expected[k])]
    if not wrong:
        return
    for k in wrong:  # a wrong shape says the most
        arr = as_array(got[k], f"the gradient of {k!r} from {what}")
        if arr.shape != np.shape(expected[k]):
            hint = ""
            if arr.size > np.size(expected[k]):
                hint = (" It has more entries than the node's value: where broadcasting stretched the value "
                        "(a bias added to every row), its gradient must be summed back to the value's shape.")
            raise AssertionError(f"the gradient of {k!r} from {what} has shape {arr.shape}, but node {k!r} has "
                                 f"shape {np.shape(expected[k])}: every gradient has the shape of its node.{hint}")
    consumers = {k: [] for k in expected}
    for name in expected:
        for parent in graph[name]["parents"]:
            if parent in consumers:
                consumers[parent].append(name)
    wrong_set = set(wrong)
    first = [k for k in wrong if not any(c in wrong_set for c in consumers[k])]
    k = first[0]
    uses = len(consumers[k])
    if not consumers[k]:
        label = (f"the gradient of the root {k!r} itself is wrong: the backward pass starts from ones of "
                 "root's shape (dL/dL = 1)")
    elif uses >= 2:
        users = sorted(set(consumers[k]), key=str)
        label = (f"node {k!r} is used {uses} times (by {_names(users)}), and its gradient is wrong although "
                 "theirs are right: the contributions of all its uses must be added up (accumulated with +=), "
                 "not overwritten by the last one")
    else:
        (c,) = consumers[k]
        op = graph[c]["op"]
        if op in STUDENT_RULES:
            label = (f"the gradient of {k!r} is wrong although that of its consumer {c!r} (op {op!r}) is right: "
                     f"check your {op}_backward, and that {c!r}'s rule runs only after every node using {c!r} "
                     "has added its gradient to it")
        else:
            label = (f"the gradient of {k!r} is wrong although that of its consumer {c!r} is right: {c!r} passed "
                     f"on its gradient before it was complete. Run a node's backward rule only after every node "
                     "using it has added its contribution: visit the nodes in reverse topological order")
    detail = ""
    try:
        expect_array(got[k], expected[k], f"the gradient of {k!r}", rtol=rtol, atol=atol, reveal=reveal)
    except AssertionError as exc:
        detail = "\n  " + str(exc)
    raise AssertionError(f"{what} is wrong at {len(wrong)} of {len(expected)} nodes: {label}.{detail}")
