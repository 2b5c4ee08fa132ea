"""The self-checks of notebook 01 (stochastic gradient descent): the student answers first.

Each `check_*` takes the student's number and returns a `kit.judge.Verdict`: right, close
(rounded, or a count off by a few), or not yet with the natural slip named when the number is
what that slip gives (a sum where the lecture's mean belongs, n where m belongs, 1/m where 1/√m
belongs, 1/λ where 2/λ belongs, ...).
The right values are computed here from the lesson's own functions, never typed in.
"""
import numpy as np

from bpcore.lessons.kit.judge import judge_count, judge_number

from . import cost_surface

# A mini-batch to estimate by hand: ∂C_x/∂w for n = 8 examples, and the columns of the batch.
PER_EXAMPLE = np.array([0.12, -0.05, 0.31, 0.02, -0.18, 0.09, 0.27, -0.02])
BATCH = [0, 2, 5, 6]           # numpy's 0-based columns: examples 1, 3, 6 and 7


def check_time_ratio(ratio, n_small=1000, n_large=8000):
    """How many times longer one evaluation of ∇C = (1/n) Σ_x ∇C_x takes for n_large examples
    than for n_small: one backpropagation per example, so n_large / n_small."""
    r = n_large / n_small
    return judge_number("time of ∇C", ratio, r, [
        (1.0, "no change in time; but ∇C averages ∇C_x over every one of the n examples"),
        (n_large - n_small, f"the difference {n_large:,} − {n_small:,} in examples; the question asks how "
                            f"many times T, a ratio"),
        (r ** 2, "(n ratio)²: each example costs one backpropagation, whatever n is, so the time grows "
                 "like n, not n²"),
        (np.sqrt(r), "√(n ratio); each example costs one backpropagation, so the time grows like n"),
        (1 / r, "upside down: more examples take longer"),
    ], f"{r:g} times: one backpropagation per example, so the time grows in proportion to n")


def check_minibatch_estimate(estimate):
    """The lecture's estimate (1/m) Σ_j ∂C_{X_j}/∂w of PER_EXAMPLE over the columns BATCH."""
    batch = PER_EXAMPLE[BATCH]
    m, n = len(BATCH), PER_EXAMPLE.size
    one_based = [j + 1 for j in BATCH if j + 1 < n]
    return judge_number("mini-batch estimate", estimate, batch.mean(), [
        (batch.sum(), f"the sum over the batch; the estimate is the mean: divide by m = {m}"),
        (batch.sum() / n, f"the batch's sum divided by n = {n}; the estimate averages the m = {m} examples "
                          f"it has, so divide by m"),
        (PER_EXAMPLE.mean(), "the mean over all n examples: that is the exact ∂C/∂w, which SGD avoids "
                             "computing; average only the batch's columns"),
        (PER_EXAMPLE[one_based].mean() if len(one_based) == m else None,
         "the mean of the columns one to the right: numpy counts from 0, so BATCH already holds the "
         "column indices"),
        (PER_EXAMPLE[:m].mean(), f"the mean of the first m = {m} columns; the batch is the columns BATCH"),
    ], f"(1/m) Σ_j ∂C_(X_j)/∂w = {batch.sum():.2f} / {m} = {batch.mean():.4f}")


def check_error_factor(factor, m_small=10, m_large=1000, n=8000):
    """How many times smaller the mini-batch estimate's error is at m_large than at m_small:
    the error falls like 1/√m, so √(m_large / m_small); the ratio with the correction
    (n − m)/(n − 1) of a finite training set is right too."""
    r = np.sqrt(m_large / m_small)
    corrected = np.sqrt(m_large / m_small * (n - m_small) / (n - m_large))
    return judge_number("error ratio", factor, r, [
        (r ** 2, "m_large/m_small: that is how the error's square (the variance) shrinks, σ²/m; the "
                 "error itself shrinks like 1/√m"),
        (1.0, "no change; but averaging more examples cancels more of their disagreement"),
        (1 / r, "upside down: the larger mini-batch has the smaller error"),
        (1 / r ** 2, "upside down, and the ratio of variances rather than of errors"),
        (np.log10(m_large / m_small), "log₁₀ of the batch-size ratio; the error falls like 1/√m, a power law"),
    ], f"√({m_large}/{m_small}) = {r:.3g}: the error falls like 1/√m", also_right=[(corrected, (
        f"√({m_large}/{m_small} × (n − {m_small})/(n − {m_large})) = {corrected:.3g}: 1/√m with the correction "
        f"of a finite training set of n = {n:,}"))])


def check_step(change, eta=3.0, m=10, batch_sum=0.5, n=8000):
    """The change of w_k in one SGD step, −(η/m) Σ_j ∂C_{X_j}/∂w_k, when the batch's sum is
    `batch_sum`."""
    right = -eta / m * batch_sum
    return judge_number("one SGD step", change, right, [
        (-eta * batch_sum, "−η × sum: the 1/m is missing; the step is η times the mean gradient, −(η/m) × sum"),
        (eta / m * batch_sum, "+(η/m) × sum, the sign flipped: gradient descent steps against the gradient"),
        (-batch_sum / m, "−sum/m: the learning rate η is missing"),
        (-eta * batch_sum / n, f"−η × sum / n, divided by n = {n:,}; the step averages the m examples of the batch"),
        (-eta / m ** 2 * batch_sum, "−η × sum / m², divided by m twice; the sum is divided once, to give the mean"),
        (-eta * m * batch_sum, "−η m × sum: multiplied by m where the mean divides by it"),
        (-batch_sum / (eta * m), "−sum/(η m): η divides where it multiplies"),
    ], f"Δw_k = −(η/m) Σ_j ∂C_(X_j)/∂w_k = −({eta:g}/{m}) × {batch_sum:g} = {right:g}")


def check_stable_eta(eta_limit):
    """The largest stable learning rate of gradient descent at the cost surface's minimum,
    2/λ_max: above it |1 − η λ_max| > 1 and the steepest direction grows each step."""
    lam_min, lam_max = np.linalg.eigvalsh(cost_surface.hessian(*cost_surface.minimum()))
    return judge_number("largest stable η", eta_limit, 2 / lam_max, [
        (1 / lam_max, "1/λ_max, where 1 − ηλ_max = 0: the step that lands on the minimum along the steepest "
                      "direction in one go; the factor |1 − ηλ_max| reaches 1 only at twice that"),
        (2 / lam_min, "2/λ_min, the flat direction; the steepest direction (λ_max) is the first to "
                      "overshoot, so it sets the limit"),
        (1 / lam_min, "1/λ_min: the flat direction, and half the limit; solve |1 − η λ_max| = 1 for η"),
        (lam_max / 2, "λ_max/2; solve |1 − η λ_max| = 1 for η"),
        (2 * lam_max, "2λ_max; solve |1 − η λ_max| = 1 for η"),
        (2 / (lam_min + lam_max), "2/(λ_min + λ_max): the η where both directions shrink equally fast, the "
                                  "best η, not the largest stable one"),
    ], f"2/λ_max = 2/{lam_max:.4f} = {2 / lam_max:.1f}")


def check_updates(updates, n=8000, m=10, epochs=5):
    """The number of updates of `epochs` epochs of SGD with mini-batches of m out of n examples:
    one update per mini-batch, n/m mini-batches per epoch. A count: exact."""
    right = epochs * n // m
    return judge_count("updates", updates, right, [
        (n // m, f"one epoch's updates; the runs train for {epochs} epochs"),
        (epochs * n, "the number of examples seen; there is one update per mini-batch of m"),
        (epochs * m, f"{epochs} × m; an epoch cuts n = {n:,} examples into n/m mini-batches"),
        (epochs, "full-batch gradient descent's count (one update per epoch); a mini-batch makes an "
                 "update of its own"),
        (n * m * epochs, "epochs × n × m; an epoch has n/m mini-batches: divide n by m"),
        (n / (m * epochs), "n/(m × epochs); the epochs multiply the updates"),
    ], f"{epochs} × n/m = {epochs} × {n:,}/{m} = {right:,}", otherwise=f"{epochs} epochs × n/m mini-batches")
