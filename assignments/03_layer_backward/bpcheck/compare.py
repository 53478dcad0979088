"""Strict comparisons whose failure messages tell a student what is wrong.

Every check raises ``AssertionError`` with a message in the student's terms: which output, the
expected versus the received shape, the worst entry, and, where the result matches a known mistake,
the mistake by name. Shapes are compared exactly, so ``(1, n)`` never passes for ``(n,)``.

``reveal=False`` (used by hidden tests) keeps the inputs and expected values out of the message.
"""

from typing import NamedTuple

import numpy as np

# Agreement for float64 results computed two ways (students' formulas versus the reference).
RTOL = 1e-5
ATOL = 1e-8


class Mistake(NamedTuple):
    """What a known mistake would return (``candidate``) and how to name it to a student."""

    label: str
    candidate: object


class Region(NamedTuple):
    """Where a known mistake shows: if every wrong entry lies where ``where`` is True, name ``label``.

    label : str, e.g. "wrong only where z == 0: ..."
    where : bool ndarray of the expected result's shape (or broadcastable to it)
    """

    label: str
    where: object


def _close(a, b, rtol, atol):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= atol + rtol * np.abs(b)))


def _fmt(x):
    return np.array2string(np.asarray(x, dtype=float), precision=4, suppress_small=True,
                           separator=", ", max_line_width=100, threshold=12)


def _named_mistake(got, mistakes, rtol, atol):
    """The label of the first Mistake whose candidate ``got`` equals (same shape, close values), else None."""
    for mistake in mistakes:
        if not isinstance(mistake, Mistake) or mistake.candidate is None:
            continue
        with np.errstate(all="ignore"):
            candidate = np.asarray(mistake.candidate, dtype=float)
        if candidate.shape == got.shape and _close(got, candidate, rtol, atol):
            return mistake.label
    return None


def _named_region(wrong, mistakes):
    """The label of the first Region that holds every wrong entry (``wrong``: bool array), else None."""
    if not wrong.any():
        return None
    for region in mistakes:
        if isinstance(region, Region):
            where = np.broadcast_to(np.asarray(region.where, dtype=bool), wrong.shape)
            if where.any() and np.all(where[wrong]):
                return region.label
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


def _describe_ratio(c, reveal=True):
    known = {-1.0: "the sign is flipped", 0.5: "exactly half of the expected values",
             2.0: "exactly twice the expected values"}
    for value, text in known.items():
        if abs(c - value) < 1e-9:
            return f"{text} (every entry is {c:g} times the expected one)"
    if not reveal:  # the factor and the student's own result would give the expected values
        return "every entry is off by the same factor: a scale factor is off"
    return f"every entry is {c:.4g} times the expected one: a scale factor is off"


def _describe_scalar_ratio(c, reveal=True):
    """How a wrong number relates to the right one: the sign flipped, half, double, or c times."""
    known = {-1.0: "the sign is flipped", 0.5: "exactly half the expected value",
             2.0: "exactly twice the expected value"}
    for value, text in known.items():
        if abs(c - value) < 1e-9:
            return text
    if not reveal:  # the factor and the student's own result would give the expected value
        return "it is off by a factor: a scale factor is off"
    return f"it is {c:.4g} times the expected value"


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
        raise AssertionError(f"{what} returned None: is a `return` statement missing?")
    if isinstance(got, tuple) and len(got) > 1:
        raise AssertionError(f"{what} returned a tuple of {len(got)} values where one array was expected.")
    try:
        arr = np.asarray(got)
    except Exception as exc:  # ragged lists and the like
        raise AssertionError(f"{what} returned something that is not an array ({_kind(got)}): {exc}")
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise AssertionError(f"{what} returned a {_kind(got)} that is not a numeric array.")
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
        label = _named_mistake(arr.astype(float), mistakes, rtol, atol)
        why = f" This looks like: {label}." if label else ""
        raise AssertionError(f"{what} returned a single number, but an array of shape {expected.shape} "
                             f"was expected (one entry per input entry).{why}")
    if arr.shape != expected.shape:
        label = _named_mistake(arr, mistakes, rtol, atol)
        why = f" This looks like: {label}." if label else _shape_hint(arr.shape, expected.shape)
        raise AssertionError(f"{what} has shape {arr.shape}, expected shape {expected.shape}.{why}")
    arr = arr.astype(float)
    bad = ~np.isfinite(arr)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise AssertionError(f"{what} contains NaN or inf ({int(bad.sum())} entries, first at index {first}): "
                             "look for an overflow (exp of a large number), a division by zero or the log of 0.")
    if _close(arr, expected, rtol, atol):
        return
    wrong = np.abs(arr - expected) > atol + rtol * np.abs(expected)
    label = _named_mistake(arr, mistakes, rtol, atol)
    if label is None:
        c = _constant_ratio(arr, expected, rtol)
        label = _describe_ratio(c, reveal) if c is not None else _named_region(wrong, mistakes)
    worst = np.unravel_index(int(np.argmax(np.abs(arr - expected))), arr.shape) if arr.shape else ()
    where = f"index {tuple(int(i) for i in worst)}" if arr.shape else "the value"
    msg = f"{what} is wrong at {int(wrong.sum())} of {arr.size} entries"
    if label:
        msg += f": {label}"
    if reveal:
        msg += (f".\n  worst at {where}: expected {expected[worst]:.6g}, got {arr[worst]:.6g}"
                f"\n  expected {_fmt(expected)}\n  got      {_fmt(arr)}")
    else:  # no error size either: with the student's own result it would give the expected values
        msg += f" (worst at {where})."
    raise AssertionError(msg)


# What expect_scalar tells a student whose function returned an array: the mean losses' reduction by default.
MEAN_HINT = "average over every element (for example with np.mean)"


def expect_scalar(got, expected, what, *, mistakes=(), rtol=RTOL, atol=ATOL, reveal=True, hint=MEAN_HINT):
    """Check that ``got`` is one real number (Python or NumPy scalar, or a 0-d array) close to ``expected``.

    hint : str, how to reduce to one number, shown when ``got`` is an array (default: average over every
           element; a loss that sums over classes passes its own, e.g. "sum over the classes")
    """
    arr = as_array(got, what)
    if arr.ndim != 0:
        raise AssertionError(f"{what} returned an array of shape {arr.shape}, but a single number was "
                             f"expected: {hint}.")
    value = float(arr)
    if not np.isfinite(value):
        raise AssertionError(f"{what} is {value}: look for an overflow (exp of a large number), a division by "
                             "zero or the log of 0.")
    if _close(value, expected, rtol, atol):
        return
    label = _named_mistake(arr.astype(float), mistakes, rtol, atol)
    if label is None and expected != 0:
        label = _describe_scalar_ratio(value / expected, reveal)
    msg = f"{what} is wrong" + (f": {label}" if label else "")
    msg += f".\n  expected {expected:.6g}, got {value:.6g}" if reveal else "."
    raise AssertionError(msg)


def expect_unchanged(before, after, what):
    """Check that a function left its argument as it found it (``before`` is a copy made before the call)."""
    if np.shape(before) != np.shape(after) or not np.array_equal(before, after, equal_nan=True):
        raise AssertionError(f"your function changed its argument {what}: work on a copy or build a new array "
                             "(for example x * mask instead of x[mask] = 0, or x = x.copy() first).")


def expect_tuple(got, names, what):
    """Check that ``got`` is a tuple or list of exactly ``len(names)`` results; return it as a tuple."""
    if not isinstance(got, (tuple, list)):
        raise AssertionError(f"{what} should return {len(names)} results ({', '.join(names)}) as a tuple, "
                             f"but returned a {_kind(got)}.")
    if len(got) != len(names):
        raise AssertionError(f"{what} should return {len(names)} results ({', '.join(names)}), "
                             f"but returned {len(got)}.")
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
        except Exception:  # ragged lists and the like: as_array names them in the per-result checks
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
        raise AssertionError(f"{what} returns its results in the wrong order: {moved}; "
                             f"return ({', '.join(names)}).")
    for g, e, name in zip(got, expected, names):
        expect_array(g, e, f"{name} from {what}", mistakes=mistakes.get(name, ()), rtol=rtol, atol=atol,
                     reveal=reveal)
