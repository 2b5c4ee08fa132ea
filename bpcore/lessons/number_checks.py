"""Self-checks for the "compute it first" cells of notebooks 02 and 06.

A student computes one number (or predicts one shape) in a cell of their own; the check
compares it with the right answer and, when it is wrong, names the natural slip it matches (a
transposed matrix, a forgotten bias, σ where σ′ belongs, a variance where a standard deviation
belongs, ...). Every check returns an `checking.Verdict`; `None` means "not written yet".
"""
import numpy as np

from ..activations import sigmoid, sigmoid_prime
from .checking import Verdict
from .saturation import SATURATION_MARGIN

__all__ = ["check_number", "check_shape", "check_weight_shape", "check_batch_shape", "check_weighted_input",
           "check_sigma_prime", "check_z_spread", "check_output_errors", "check_slowest_layer"]


def check_number(name, answer, expected, slips=(), rel=2e-3, abs_tol=5e-5):
    """Compare the number `answer` with `expected` (relative tolerance `rel`, or `abs_tol`: a
    number typed with 4 decimals passes). `slips` is a list of (value, why): a wrong answer
    close to one of them is named by its `why`."""
    if answer is None:
        return Verdict(name, False, False, "not written yet (the answer is None)")
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        value = np.array([np.nan])
    if value.size != 1 or not np.isfinite(value).all():
        return Verdict(name, True, False, f"wrong: the answer should be one number, got {answer!r}")
    value = float(value.item())

    def near(target):
        return abs(value - target) <= max(rel * abs(target), abs_tol)

    if near(expected):
        return Verdict(name, True, True, f"right: {value:.4g} (exactly {expected:.6g})")
    for target, why in slips:
        if near(target):
            return Verdict(name, True, False, f"wrong: {value:.4g} -- {why}")
    return Verdict(name, True, False, f"wrong: {value:.4g} is not it, nor a usual slip; look at the formula again")


def check_shape(name, answer, expected, slips=()):
    """Compare a predicted shape (a tuple of ints) with `expected`; `slips` as in check_number,
    with shapes; the transposed shape is always recognised."""
    if answer is None:
        return Verdict(name, False, False, "not written yet (the answer is None)")
    try:
        shape = tuple(int(n) for n in answer)
    except (TypeError, ValueError):
        return Verdict(name, True, False, f"wrong: a shape is a tuple of integers such as (3, 2), got {answer!r}")
    if shape == tuple(expected):
        return Verdict(name, True, True, f"right: {shape}")
    for target, why in [*slips, (tuple(expected)[::-1], "transposed: rows come first, then columns")]:
        if shape == tuple(target):
            return Verdict(name, True, False, f"wrong: {shape} -- {why}")
    return Verdict(name, True, False, f"wrong: {shape}; the right shape is neither that nor a usual slip")


# ------------------------------------------------------------------------- notebook 02
def check_weight_shape(sizes, l, answer):
    """The shape of w^l in a network with layer sizes `sizes`: (n_l, n_{l−1})."""
    n = list(sizes)
    slips = [((n[l - 2], n[l - 3]), f"that is w^{l - 1}, the weights into layer {l - 1}")] if l >= 3 else []
    slips.append(((n[l - 1], 1), f"that is b^{l}'s shape; w^{l} has one column per neuron of layer {l - 1}"))
    return check_shape(f"shape of w^{l}", answer, (n[l - 1], n[l - 2]), slips)


def check_batch_shape(sizes, l, m, answer):
    """The shape of Z^l for a mini-batch of m examples as m columns: (n_l, m)."""
    n = list(sizes)
    slips = [((n[l - 1], 1), f"that is z^{l} for one example; a batch of {m} has one column per example"),
             ((n[-1], m), f"that is the output a^L; Z^{l} has one row per neuron of layer {l}"),
             ((n[l - 1], n[l - 2]), f"that is w^{l}'s shape; Z^{l} = w^{l} A^{l - 1} + b^{l} has the columns of A^{l - 1}")]
    return check_shape(f"shape of Z^{l} for {m} examples", answer, (n[l - 1], m), slips)


def check_weighted_input(net, x, answer, j=1, l=3):
    """z^l_j = Σ_k w^l_jk a^{l−1}_k + b^l_j for the input column `x` (lecture's j, 1-based)."""
    fp = net.forward(x)
    w, b, a_prev = net.w(l), net.b(l)[:, 0], fp.a(l - 1)[:, 0]
    z = w @ a_prev + b
    i = j - 1
    slips = [(z[i] - b[i], f"the bias b^{l}_{j} is missing: z = Σ_k w a + b"),
             (float(sigmoid(z[i])), f"that is a^{l}_{j} = σ(z^{l}_{j}); the weighted input is the sum before σ"),
             (z[i] + (len(a_prev) - 1) * b[i], "the bias was added once per term; it is added once")]
    slips += [(z[k], f"that is z^{l}_{k + 1}: lecture neuron {j} is numpy row {i}") for k in range(len(z)) if k != i]
    if l >= 3:
        slips.append((float(w[i] @ fp.z(l - 1)[:, 0] + b[i]),
                      f"z^{l - 1} instead of a^{l - 1}: the weights multiply the activations a^{l - 1} = σ(z^{l - 1})"))
    return check_number(f"z^{l}_{j}", answer, float(z[i]), slips)


# ------------------------------------------------------------------------- notebook 06
def check_sigma_prime(answer, activation=1 - SATURATION_MARGIN):
    """σ′(z) for a neuron whose activation is σ(z) = `activation`: σ(1 − σ)."""
    s = activation
    z = float(np.log(s / (1 - s)))
    slips = [(s, "that is σ(z) itself; σ′ = σ(1 − σ)"),
             (1 - s, "that is 1 − σ(z); multiply by σ(z)"),
             (s * (1 - s) / 0.25, "that is σ′(z)/σ′(0), the share of the peak 1/4 that is left; σ′ itself is σ(1 − σ)"),
             (float(np.exp(-abs(z))), "that is e^(−|z|), the approximation for large |z|; σ′ = σ(1 − σ) is exact"),
             (0.25, "1/4 is σ′(0), the largest value; here z is far from 0"),
             (z * (1 - z), "z(1 − z) uses z where σ(z) belongs: σ′ = σ(1 − σ)")]
    return check_number(f"σ′(z) where σ(z) = {s:g}", answer, s * (1 - s), slips)


def check_z_spread(answer, scale, X):
    """The predicted standard deviation of z^2_j for w^2 ~ N(0, s²/n_1), b^2 ~ N(0, 1) on the
    images X: sqrt(s² mean||x||²/n_1 + 1)."""
    n1 = X.shape[0]
    norm2 = float(np.mean(np.sum(X ** 2, axis=0)))
    variance = scale ** 2 * norm2 / n1 + 1
    slips = [(variance, "that is the variance; the standard deviation is its square root"),
             (np.sqrt(variance - 1), "the bias's variance 1 is missing: Var(z) = s²||x||²/784 + 1"),
             (np.sqrt(scale * norm2 / n1 + 1), "s instead of s²: the weights' variance is s²/784"),
             (np.sqrt(scale ** 2 * norm2 + 1), "the weights' variance is s²/784, not s²"),
             (np.sqrt(scale ** 2 / n1 + 1), "||x||² is missing: z sums 784 terms w_k x_k, each of variance (s²/784) x_k²"),
             (np.sqrt(scale ** 2 * np.sqrt(norm2) / n1 + 1), "||x|| instead of ||x||²")]
    return check_number(f"std of z² at s = {scale:g}", answer, float(np.sqrt(variance)), slips)


def check_output_errors(quadratic, cross_entropy, w=2.0, b=2.0, x=1.0, y=0.0):
    """δ = ∂C/∂z of one neuron a = σ(wx + b) on the example (x, y): (a − y)σ′(z) for the
    quadratic cost, a − y for the cross-entropy (its ∇_a C cancels σ′). One Verdict for both."""
    z = w * x + b
    a, slope = float(sigmoid(z)), float(sigmoid_prime(z))
    quad = check_number("δ, quadratic cost", quadratic, (a - y) * slope, [
        (a - y, "σ′(z) is missing: BP1 is δ = ∇_a C ⊙ σ′(z) = (a − y)σ′(z)"),
        ((y - a) * slope, "wrong sign: ∂C/∂a = a − y for C = (y − a)²/2"),
        (slope, "that is σ′(z) alone; multiply by ∂C/∂a = a − y"),
        ((a - y) * a, "σ(z) instead of σ′(z) = σ(1 − σ)")])
    cross = check_number("δ, cross-entropy", cross_entropy, a - y, [
        ((a - y) * slope, "that is the quadratic cost's δ; the cross-entropy's ∇_a C = (a − y)/(a(1 − a)) cancels σ′"),
        (y - a, "wrong sign: δ = a − y"),
        ((a - y) / (a * (1 - a)), "that is ∇_a C; BP1 multiplies it by σ′(z) = a(1 − a)")])
    return Verdict("δ of the saturated neuron", quad.written or cross.written, quad.right and cross.right,
                   f"quadratic cost: {quad.message}; cross-entropy: {cross.message}")


def check_slowest_layer(answer, sizes=(784, 30, 30, 30, 10)):
    """Which layer's biases start with the smallest gradients in a deep sigmoid network with
    N(0, 1) weights: layer 2, the first hidden layer (the prediction the measurement then shows)."""
    L = len(sizes)
    slips = [(L, f"layer {L} is the output layer: its δ^L has one factor σ′ (BP1); every step back "
                 "through BP2 multiplies by (w^(l+1))^T and another σ′ ≤ 1/4")]
    slips += [(l, f"layer {l} is between: the error passes it on the way back to layer 2, which gets "
                  "one more factor σ′ ≤ 1/4") for l in range(3, L)]
    slips.append((1, "layer 1 is the input layer: it has no biases; the first with biases is layer 2"))
    return check_number("the slowest layer", answer, 2, slips, rel=0, abs_tol=0.01)
