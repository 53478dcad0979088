"""Finite-difference gradient checks, as in CS231n's gradient_check.py.

The central difference (f(x + h) - f(x - h)) / 2h has an error of order h**2, so with h = 1e-5 in
float64 an analytic gradient that is right agrees with it to a relative error near 1e-8 or better;
a relative error above 1e-5 almost always means a bug. Inputs must stay further than h from any kink
(ReLU's at 0), where the difference quotient straddles two slopes.
"""

import numpy as np

STEP = 1e-5
# Relative error above which an analytic gradient is reported as wrong.
TOLERANCE = 1e-5


def numerical_gradient(f, x, h=STEP):
    """Central-difference gradient of a scalar function.

    f : callable taking an array shaped like x and returning a number
    x : ndarray of any shape, the point where the gradient is taken (not modified)
    h : float, the step

    Returns an ndarray of x's shape: entry i is (f(x + h e_i) - f(x - h e_i)) / (2 h).
    """
    x = np.array(x, dtype=float)  # a private float64 copy we may perturb
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        f_plus = float(f(x))
        x[i] = old - h
        f_minus = float(f(x))
        x[i] = old
        grad[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b):
    """Entrywise |a - b| / max(|a| + |b|, 1e-8): near 0 where a and b agree, 1 where they are unrelated."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))


def max_relative_error(a, b):
    """The largest entry of relative_error(a, b): one number to compare with TOLERANCE."""
    return float(np.max(relative_error(a, b))) if np.size(a) else 0.0


# Below this, a max relative error is rounding noise: its digits depend on the machine's BLAS kernels.
NOISE_BOUND = 1e-7


def error_verdict(error, bound=NOISE_BOUND):
    """A max relative error as a verdict that reads the same on every machine.

    Below ``bound`` the digits are rounding noise (they change with the processor and its BLAS), so only
    the bound is printed; above it the value itself is shown, since it then says how far off the gradient is.
    """
    shown = f"{bound:.0e}".replace("e-0", "e-")
    if error < bound:
        return f"< {shown}: correct"
    if error < TOLERANCE:
        return f"{error:.1e}: suspicious (a correct gradient gives < {shown})"
    return f"{error:.1e}: wrong"
