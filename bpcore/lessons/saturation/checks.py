"""Self-checks for notebook 06's "compute it first" cells: σ′ of a saturated neuron, the
spread of z² at a weight scale, δ under both costs, and the layer that learns slowest.

Each names the natural slip a wrong answer matches (σ where σ′ belongs, a variance where a
standard deviation belongs, ...) and returns a `Verdict`; `None` means "not written yet".
"""
import numpy as np

from bpcore.activations import sigmoid, sigmoid_prime
from bpcore.lessons.kit.judge import Verdict, check_number
from bpcore.lessons.lecture.saturation import SATURATION_MARGIN

__all__ = ["check_sigma_prime", "check_z_spread", "check_output_errors", "check_slowest_layer"]


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
