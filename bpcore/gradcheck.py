"""Checking backprop against central finite differences, an independent reference:

    ∂C/∂p ≈ (C(p + ε) − C(p − ε)) / 2ε     for every weight and bias p of every layer,

and the relative error that compares two gradients. `central_difference` is the one place the
formula is computed (`slope` is its form for a function of one number, such as a weighted input
z that a lesson nudges).
"""
import numpy as np

from . import validate
from .backprop import _mean_gradient
from .costs import get_cost
from .metrics import _cost, cost_function

EPS = 1e-5
"""The default ε. In float64 it balances the differences' truncation error (∝ ε²) against
round-off in C (∝ u·C/ε), even for layers whose gradient is tiny."""


def central_difference(f, array, index, eps=EPS):
    """(f(p + ε) − f(p − ε)) / 2ε for the entry p = array[index]: the slope of f along that one
    entry, with an error of order ε².

    f takes no argument and reads `array` (for example the cost C() of a network whose w^l is
    `array`). The entry is nudged in place, f is called twice, and the entry is put back exactly
    in a `finally`, so `array` ends as it began even when f raises or the user interrupts.
    """
    eps = validate.positive_number("eps", eps)
    if not isinstance(array, np.ndarray) or array.dtype.kind != "f":
        raise TypeError(f"array must be a numpy array of floats (the one f reads), got "
                        f"{getattr(array, 'dtype', type(array).__name__)}")
    if not callable(f):
        raise TypeError(f"f must be a function of no arguments that reads the array, got {f!r}")
    try:
        saved = array[index]
    except (IndexError, TypeError, ValueError):
        raise IndexError(f"index {index!r} is not an entry of an array of shape {array.shape}") from None
    if np.ndim(saved) != 0:
        raise IndexError(f"index {index!r} must pick one entry of an array of shape {array.shape}, "
                         f"not a slice of shape {np.shape(saved)}")
    return _central_difference(f, array, index, eps)


def _central_difference(f, array, index, eps):
    # central_difference once its arguments are known good: numerical_gradient checks them once,
    # then calls this for every entry
    saved = array[index].copy()
    try:
        array[index] = saved + eps
        f_plus = f()
        array[index] = saved - eps
        f_minus = f()
    finally:
        array[index] = saved
    return (f_plus - f_minus) / (2 * eps)


def slope(f, v, eps=EPS):
    """(f(v + ε) − f(v − ε)) / 2ε: the slope at the number v of f, a function of one number
    (for example the cost as a function of a nudge Δz of one weighted input, at Δz = 0). It is
    `central_difference` on v held in an array of one entry."""
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)) or not np.isfinite(v):
        raise TypeError(f"v must be a finite real number (the point where the slope is taken), got {v!r}")
    if not callable(f):
        raise TypeError(f"f must be a function of one number, got {f!r}")
    cell = np.array([float(v)])
    return central_difference(lambda: f(float(cell[0])), cell, 0, eps)


def relative_error(a, b):
    """||a − b|| / (||a|| + ||b||): 0 when equal, about 1e-16 at float64 rounding, 1 when
    opposite; 0 when both are zero. a and b are arrays of the same shape (or lists of them,
    compared as one long vector)."""
    a, b = _flat("a", a), _flat("b", b)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0


def numerical_gradient(net, X, Y, cost="quadratic", eps=EPS):
    """(nabla_b, nabla_w) of the mean cost by central differences, shaped like backprop's.

    Each parameter is nudged in place and put back exactly, so `net` ends as it began.
    """
    C = cost_function(net, X, Y, cost)
    eps = validate.positive_number("eps", eps)
    return _numerical_gradient(net, C, eps)


def _numerical_gradient(net, C, eps):
    def differences(params):
        result = []
        for p in params:
            g = np.empty(p.shape)
            for index in np.ndindex(p.shape):
                g[index] = _central_difference(C, p, index, eps)
            result.append(g)
        return result

    with np.errstate(over="ignore"):
        return differences(net.biases), differences(net.weights)


def gradient_check(net, X, Y, cost="quadratic", eps=EPS):
    """The largest relative error between `backprop` and central differences, taken over
    every w^l and b^l: max over arrays of ||g_bp − g_fd|| / (||g_bp|| + ||g_fd||).

    In float64 a correct backprop gives about 1e-7 or less with the default ε = 1e-5. An array
    whose gradient is exactly zero both ways counts as error 0.
    """
    cost = get_cost(cost)
    X, Y = validate.batch(net, X, Y)          # once, for both gradients
    eps = validate.positive_number("eps", eps)
    bp_b, bp_w = _mean_gradient(net, X, Y, cost)
    fd_b, fd_w = _numerical_gradient(net, lambda: _cost(net, X, Y, cost), eps)
    return max(relative_error(g, h) for g, h in zip(bp_b + bp_w, fd_b + fd_w))


def _flat(name, value):
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, np.ndarray) for v in value):
        value = np.concatenate([np.ravel(v) for v in value])
    A = validate._numeric(name, value)
    validate._finite(name, A)
    return A if A.dtype.kind == "f" else A.astype(np.float64)   # float32 stays float32
