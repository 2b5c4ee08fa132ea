"""Gradient descent and SGD on a cost surface you can draw: one sigmoid neuron, two parameters.

The neuron has one input x, a weight w and a bias b, and outputs a = σ(w x + b). Fitted to n
examples (x_i, y_i) with the lecture's quadratic cost,

    C(w, b) = (1/n) Σ_i C_i,    C_i = (y_i − a_i)² / 2,    a_i = σ(w x_i + b),

its whole cost surface is a function of two numbers, so it can be drawn as contours. Its gradient
is BP1 and BP3/BP4 for this network of a single neuron (δ_i = (a_i − y_i) σ′(w x_i + b)):

    ∂C/∂w = (1/n) Σ_i δ_i x_i,    ∂C/∂b = (1/n) Σ_i δ_i.

`gradient_descent` follows −∇C; `sgd_path` follows the lecture's mini-batch estimate
(1/m) Σ_j ∇C_{X_j} over shuffled epochs, as `bpcore.sgd` does.

Why η has a largest stable value, 2/λ_max, is the curvature of the cost at its minimum
(`lecture.curvature`, shared with notebook 05); this module gives that study its two numbers
for the neuron: the exact Hessian (`hessian`) and the minimum (`minimum`). Pure numpy: the
figures live in `surface_figures`. Left out: other costs, more inputs or neurons.
"""
import numbers

import numpy as np

from bpcore import validate
from bpcore.activations import sigmoid

# A small 1-D data set: 12 inputs evenly spaced on [-2, 2], targets a noisy rising step.
# The best fit is near w = 1.9, b = -0.8 (C ≈ 0.001); far from it the neuron saturates.
X_DATA = np.linspace(-2.0, 2.0, 12)
Y_DATA = np.array([0.04, 0.10, 0.06, 0.02, 0.20, 0.25, 0.29, 0.58, 0.73, 0.85, 0.91, 0.98])


def _data(x, y):
    x, y = _real("x", x), _real("y", y)
    if x.ndim != 1 or y.shape != x.shape or x.size == 0:
        raise ValueError(f"x and y must be 1-D arrays of the same length n >= 1 (one entry per "
                         f"example); got shapes {x.shape} and {y.shape}")
    return x, y


def _real(name, values):
    """`values` as a float array of finite real numbers, or a message that names the problem."""
    if np.iscomplexobj(values):
        raise TypeError(f"{name} must hold real numbers, got complex ones")
    try:
        values = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of real numbers, got {values!r}") from None
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{name} contains NaN or infinite values; give finite numbers")
    return values


def _point(start):
    try:
        w, b = start
    except (TypeError, ValueError):
        raise TypeError(f"start must be a pair (w, b) of numbers, got {start!r}") from None
    for name, v in (("w", w), ("b", b)):
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not np.isfinite(v):
            raise ValueError(f"start must be a pair (w, b) of finite numbers; {name} is {v!r}")
    return np.array([w, b], dtype=float)


def cost(w, b, x=X_DATA, y=Y_DATA):
    """C(w, b) = (1/n) Σ_i (y_i − σ(w x_i + b))² / 2. w and b may be arrays of the same shape
    (a grid, for contours); the result has that shape."""
    x, y = _data(x, y)
    w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    a = sigmoid(w[..., None] * x + b[..., None])
    return np.mean((y - a) ** 2, axis=-1) / 2


def gradient(w, b, x=X_DATA, y=Y_DATA):
    """(∂C/∂w, ∂C/∂b) at one point (w, b): the means of δ_i x_i and δ_i, with
    δ_i = (a_i − y_i) σ′(z_i), z_i = w x_i + b (BP1, then BP4 and BP3)."""
    x, y = _data(x, y)
    return tuple(_gradient(np.array([w, b], dtype=float), x, y))


def _gradient(p, x, y):
    a = sigmoid(p[0] * x + p[1])
    delta = (a - y) * a * (1 - a)               # BP1 with σ′(z) = σ(z)(1 − σ(z))
    return np.array([np.mean(delta * x), np.mean(delta)])


def hessian(w, b, x=X_DATA, y=Y_DATA):
    """The 2 × 2 Hessian of C at (w, b), rows and columns in the order (w, b):

        ∂²C/∂p∂q = (1/n) Σ_i (σ′(z_i)² + (a_i − y_i) σ″(z_i)) ∂z_i/∂p ∂z_i/∂q,

    with ∂z_i/∂w = x_i, ∂z_i/∂b = 1 and σ″ = σ′ (1 − 2σ)."""
    x, y = _data(x, y)
    w, b = _point((w, b))
    a = sigmoid(w * x + b)
    slope = a * (1 - a)                                  # σ′(z_i)
    weight = slope ** 2 + (a - y) * slope * (1 - 2 * a)
    dz = np.stack([x, np.ones_like(x)])                  # row 0: ∂z/∂w, row 1: ∂z/∂b
    return (dz * weight) @ dz.T / x.size


def minimum(x=X_DATA, y=Y_DATA, start=(1.9, -0.8), steps=20):
    """The minimum (w*, b*) of C near `start`, by Newton's method p → p − H⁻¹ ∇C (it converges
    in a few steps from a start where H is positive definite, as the default is for X_DATA)."""
    x, y = _data(x, y)
    p = _point(start)
    for _ in range(steps):
        p = p - np.linalg.solve(hessian(*p, x, y), _gradient(p, x, y))
    if not np.all(np.isfinite(p)) or np.linalg.norm(_gradient(p, x, y)) > 1e-12:
        raise ValueError(f"Newton's method from start={tuple(start)} did not reach a minimum; "
                         f"start closer to it (where the cost curves upwards in every direction)")
    return p


def _steps(steps):
    return validate.integer("steps", steps, 0, meaning=" (number of updates)")


def gradient_descent(start, eta, steps, x=X_DATA, y=Y_DATA):
    """The path of full-batch gradient descent, (w, b) → (w, b) − η ∇C, from `start`.
    Returns an array of shape (steps + 1, 2): row t is (w, b) after t updates."""
    p, eta, steps = _point(start), validate.positive_number("eta", eta), _steps(steps)
    x, y = _data(x, y)
    path = np.empty((steps + 1, 2))
    path[0] = p
    for t in range(steps):
        p = p - eta * _gradient(p, x, y)
        path[t + 1] = p
    return path


def sgd_path(start, eta, m, steps, seed=0, x=X_DATA, y=Y_DATA):
    """The path of mini-batch SGD with mini-batches of m examples, from `start`.

    Each epoch shuffles the n examples with a `numpy.random.default_rng(seed)` generator and
    cuts them into mini-batches of m (the last one smaller when m does not divide n), as
    `bpcore.sgd` does; each mini-batch makes one update (w, b) → (w, b) − (η/m) Σ_j ∇C_{X_j}.
    A mini-batch's indices are sorted before summing: the order of a sum does not change its
    value, and sorted, m = n sums in the same order as `gradient_descent`, bit for bit.
    Returns an array of shape (steps + 1, 2).
    """
    p, eta, steps = _point(start), validate.positive_number("eta", eta), _steps(steps)
    x, y = _data(x, y)
    n = x.size
    m = validate.integer("m", m, 1, n, meaning=f" (mini-batch size, at most n = {n} examples)")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer, got {seed!r}")
    rng = np.random.default_rng(seed)
    path = np.empty((steps + 1, 2))
    path[0] = p
    batches = []
    for t in range(steps):
        if not batches:                                  # a new epoch: shuffle, cut into batches
            order = rng.permutation(n)
            batches = [np.sort(order[k:k + m]) for k in range(0, n, m)][::-1]
        idx = batches.pop()
        p = p - eta * _gradient(p, x[idx], y[idx])
        path[t + 1] = p
    return path
