"""The self-checks of notebook 01 (stochastic gradient descent): the student answers first.

Each `check_*` takes the student's number and returns a `kit.judge.Verdict`: right, or wrong
with the natural slip named when the number is what that slip gives (a sum where the lecture's
mean belongs, n where m belongs, 1/m where 1/√m belongs, 1/λ where 2/λ belongs, ...).
The right values are computed here from the lesson's own functions, never typed in.
"""
import numbers

import numpy as np

from bpcore.lessons.kit.judge import Verdict

from . import cost_surface

# A mini-batch to estimate by hand: ∂C_x/∂w for n = 8 examples, and the columns of the batch.
PER_EXAMPLE = np.array([0.12, -0.05, 0.31, 0.02, -0.18, 0.09, 0.27, -0.02])
BATCH = [0, 2, 5, 6]           # numpy's 0-based columns: examples 1, 3, 6 and 7


def _number(value):
    """`value` as a float, or None when it is not one number."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, numbers.Real):
        return float(value)
    array = np.asarray(value) if isinstance(value, np.ndarray) else None
    if array is not None and array.size == 1 and np.issubdtype(array.dtype, np.number):
        return float(array.reshape(()))
    return None


def _check(name, given, right, slips, rtol=1e-3, shown=None):
    """Compare `given` with `right` (relative tolerance `rtol`); a wrong answer that equals one
    of `slips` (pairs of a value and what that slip is) is named."""
    if given is None:
        return Verdict(name, False, False, "not answered yet (replace None by your number)")
    value = _number(given)
    if value is None or not np.isfinite(value):
        return Verdict(name, True, False, f"wrong: the answer is one finite number, got {given!r}")

    def close(a, b):
        return abs(a - b) <= rtol * abs(b) + 1e-12

    if close(value, right):
        return Verdict(name, True, True, f"right: {shown or f'{right:.4g}'}")
    why = next((why for slip, why in slips if close(value, slip)), None)
    if why is None:
        return Verdict(name, True, False, f"wrong: {value:.4g} is not it, and not a slip this check "
                                          f"knows; go back to the formula in the text above")
    return Verdict(name, True, False, f"wrong: {value:.4g} {why}")


def check_time_ratio(ratio, n_small=1000, n_large=8000):
    """How many times longer one evaluation of ∇C = (1/n) Σ_x ∇C_x takes for n_large examples
    than for n_small: one backpropagation per example, so n_large / n_small."""
    r = n_large / n_small
    return _check("time of ∇C", ratio, r, [
        (1.0, "says the time does not depend on n; but ∇C averages ∇C_x over every one of the n examples"),
        (r ** 2, "is (n ratio)²: each example costs one backpropagation, whatever n is, so the time "
                 "grows like n, not n²"),
        (np.sqrt(r), "is √(n ratio); each example costs one backpropagation, so the time grows like n"),
        (1 / r, "is upside down: more examples take longer"),
    ], shown=f"{r:g} times: one backpropagation per example, so the time grows in proportion to n")


def check_minibatch_estimate(estimate):
    """The lecture's estimate (1/m) Σ_j ∂C_{X_j}/∂w of PER_EXAMPLE over the columns BATCH."""
    batch = PER_EXAMPLE[BATCH]
    m, n = len(BATCH), PER_EXAMPLE.size
    one_based = [j + 1 for j in BATCH if j + 1 < n]
    return _check("mini-batch estimate", estimate, batch.mean(), [
        (batch.sum(), f"is the sum over the batch; the estimate is the mean: divide by m = {m}"),
        (batch.sum() / n, f"divides the batch's sum by n = {n}; the estimate averages the m = {m} "
                          f"examples it has, so divide by m"),
        (PER_EXAMPLE.mean(), "is the mean over all n examples: that is the exact ∂C/∂w, which SGD "
                             "avoids computing; average only the batch's columns"),
        (PER_EXAMPLE[one_based].mean() if len(one_based) == m else np.nan,
         "averages the columns one to the right: numpy counts from 0, so BATCH already holds the "
         "column indices"),
    ], shown=f"(1/m) Σ_j ∂C_(X_j)/∂w = {batch.sum():.2f} / {m} = {batch.mean():.4f}")


def check_error_factor(factor, m_small=10, m_large=1000):
    """How many times smaller the mini-batch estimate's error is at m_large than at m_small:
    the error falls like 1/√m, so √(m_large / m_small). Accepted within 10 %, because the
    correction (n − m)/(n − 1) of a finite training set bends the law slightly."""
    r = np.sqrt(m_large / m_small)
    return _check("error ratio", factor, r, [
        (r ** 2, "is m_large/m_small: that is how the error's square (the variance) shrinks, σ²/m; "
                 "the error itself shrinks like 1/√m"),
        (1.0, "says the error does not depend on m; averaging more examples cancels more of their "
              "disagreement"),
        (1 / r, "is upside down: the larger mini-batch has the smaller error"),
        (1 / r ** 2, "is upside down, and the ratio of variances rather than of errors"),
    ], rtol=0.1, shown=f"√({m_large}/{m_small}) = {r:.3g}: the error falls like 1/√m")


def check_step(change, eta=3.0, m=10, batch_sum=0.5):
    """The change of w_k in one SGD step, −(η/m) Σ_j ∂C_{X_j}/∂w_k, when the batch's sum is
    `batch_sum`."""
    right = -eta / m * batch_sum
    return _check("one SGD step", change, right, [
        (-eta * batch_sum, f"forgets the 1/m: the step is η times the mean gradient, −(η/m) × sum"),
        (eta / m * batch_sum, "has the wrong sign: gradient descent steps against the gradient"),
        (-batch_sum / m, "forgets the learning rate η"),
        (-eta * batch_sum / 8000, "divides by n = 8000; the step averages the m examples of the batch"),
        (-eta / m ** 2 * batch_sum, "divides by m twice; the sum is divided once, to give the mean"),
    ], shown=f"Δw_k = −(η/m) Σ_j ∂C_(X_j)/∂w_k = −({eta:g}/{m}) × {batch_sum:g} = {right:g}")


def check_stable_eta(eta_limit):
    """The largest stable learning rate of gradient descent at the cost surface's minimum,
    2/λ_max: above it |1 − η λ_max| > 1 and the steepest direction grows each step."""
    lam_min, lam_max = np.linalg.eigvalsh(cost_surface.hessian(*cost_surface.minimum()))
    return _check("largest stable η", eta_limit, 2 / lam_max, [
        (1 / lam_max, "is 1/λ_max, where 1 − ηλ_max = 0: the step that lands on the minimum along the "
                      "steepest direction in one go; the factor |1 − ηλ_max| reaches 1 only at twice that"),
        (2 / lam_min, "uses λ_min, the flat direction; the steepest direction (λ_max) is the first "
                      "to overshoot, so it sets the limit"),
        (lam_max / 2, "is λ_max/2; solve |1 − η λ_max| = 1 for η"),
        (2 * lam_max, "is 2λ_max; solve |1 − η λ_max| = 1 for η"),
    ], shown=f"2/λ_max = 2/{lam_max:.4f} = {2 / lam_max:.1f}")


def check_updates(updates, n=8000, m=10, epochs=5):
    """The number of updates of `epochs` epochs of SGD with mini-batches of m out of n examples:
    one update per mini-batch, n/m mini-batches per epoch."""
    right = epochs * n // m
    return _check("updates", updates, right, [
        (n // m, f"is one epoch's updates; the runs train for {epochs} epochs"),
        (epochs * n, "is the number of examples seen; there is one update per mini-batch of m"),
        (epochs * m, f"multiplies by m; an epoch cuts n = {n} examples into n/m mini-batches"),
        (epochs, "is full-batch gradient descent's count (one update per epoch); a mini-batch "
                 "makes an update of its own"),
    ], shown=f"{epochs} × n/m = {epochs} × {n}/{m} = {right}")
