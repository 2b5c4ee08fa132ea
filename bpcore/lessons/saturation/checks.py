"""Self-checks for notebook 06's "compute it first" cells: σ′ of a saturated neuron, the
spread of z² at a weight scale, δ under both costs, and the layer that learns slowest.

Each names the natural slip a wrong answer matches (σ where σ′ belongs, σ′ taken at the
activation, a flipped sign, a variance where a standard deviation belongs, ...) and returns a
`Verdict`; `None` means "not written yet". The right value rounded (0.01 for 0.0099) is close.
"""
import numpy as np

from bpcore.activations import sigmoid, sigmoid_prime
from bpcore.lessons.kit.judge import combine, judge_count, judge_number
from bpcore.lessons.lecture.saturation import SATURATION_MARGIN

__all__ = ["check_sigma_prime", "check_z_spread", "check_output_errors", "check_slowest_layer"]


def check_sigma_prime(answer, activation=1 - SATURATION_MARGIN):
    """σ′(z) for a neuron whose activation is σ(z) = `activation`: σ(1 − σ)."""
    s = activation
    z = float(np.log(s / (1 - s)))
    slips = [(s, "σ(z) itself; σ′ = σ(1 − σ)"),
             (1 - s, "1 − σ(z); multiply by σ(z)"),
             (s * (1 - s) / 0.25, "σ′(z)/σ′(0), the share of the peak 1/4 that is left; σ′ itself is σ(1 − σ)"),
             (float(np.exp(-abs(z))), "e^(−|z|), the approximation for large |z|; σ′ = σ(1 − σ) is exact"),
             (0.25, "1/4, σ′(0), the largest value; here z is far from 0"),
             (float(sigmoid_prime(s)), f"σ′({s:g}), σ′ taken at the activation: σ′ is taken at z, and "
                                       f"σ′(z) = σ(z)(1 − σ(z))"),
             (-s * (1 - s), "−σ(1 − σ): σ′ is positive, σ rises everywhere"),
             (s * (1 + s), "σ(1 + σ); σ′ = σ(1 − σ)"),
             (z * (1 - z), "z(1 − z), with z where σ(z) belongs: σ′ = σ(1 − σ)")]
    return judge_number(f"σ′(z) where σ(z) = {s:g}", answer, s * (1 - s), slips,
                        lambda value: f"σ′ = σ(1 − σ) = {s:g} × {1 - s:g} = {s * (1 - s):.4g}",
                        otherwise="σ′(z) = σ(z)(1 − σ(z))")


def check_z_spread(answer, scale, X):
    """The predicted standard deviation of z^2_j for w^2 ~ N(0, s²/n_1), b^2 ~ N(0, 1) on the
    images X: sqrt(s² mean||x||²/n_1 + 1)."""
    n1 = X.shape[0]
    norm2 = float(np.mean(np.sum(X ** 2, axis=0)))
    variance = scale ** 2 * norm2 / n1 + 1
    slips = [(variance, "the variance; the standard deviation is its square root"),
             (np.sqrt(variance - 1), "the spread without the bias's variance 1: Var(z) = s²||x||²/784 + 1"),
             (np.sqrt(scale * norm2 / n1 + 1), "the spread with s where s² belongs: the weights' variance is s²/784"),
             (np.sqrt(scale ** 2 * norm2 + 1), "the spread with weights of variance s²; it is s²/784"),
             (np.sqrt(scale ** 2 / n1 + 1), "the spread without ||x||²: z sums 784 terms w_k x_k, each of variance "
                                            "(s²/784) x_k²"),
             (np.sqrt(scale ** 2 * np.sqrt(norm2) / n1 + 1), "the spread with ||x|| where ||x||² belongs"),
             (scale * np.sqrt(norm2 / n1) + 1, "s √(||x||²/784) + 1: standard deviations do not add, variances "
                                               "do; take the root of the sum")]
    return judge_number(f"std of z² at s = {scale:g}", answer, float(np.sqrt(variance)), slips,
                        lambda value: f"√(s² ||x||²/784 + 1) = √({variance:.4g}) = {value:.4g}",
                        otherwise="Var(z) = s² mean||x||²/784 + 1, then take the square root")


def check_output_errors(quadratic, cross_entropy, w=2.0, b=2.0, x=1.0, y=0.0):
    """δ = ∂C/∂z of one neuron a = σ(wx + b) on the example (x, y): (a − y)σ′(z) for the
    quadratic cost, a − y for the cross-entropy (its ∇_a C cancels σ′). One Verdict for both."""
    z = w * x + b
    a, slope = float(sigmoid(z)), float(sigmoid_prime(z))
    quad = judge_number("quadratic cost", quadratic, (a - y) * slope, [
        (a - y, "a − y, missing σ′: BP1 is δ = ∇_a C ⊙ σ′(z) = (a − y)σ′(z)"),
        ((y - a) * slope, "the right size with the sign flipped: ∂C/∂a = a − y for C = (y − a)²/2"),
        (slope, "σ′(z) alone; multiply by ∂C/∂a = a − y"),
        ((a - y) * float(sigmoid_prime(a)), "(a − y)σ′(a), σ′ taken at the activation: it is taken at z"),
        ((a - y) * slope ** 2, "(a − y)σ′(z)², an extra σ′: BP1 has one"),
        ((a - y) * a, "(a − y)σ(z): σ where BP1 has σ′ = σ(1 − σ)")], lambda value: f"(a − y)σ′(z) = {value:.4g}")
    cross = judge_number("cross-entropy", cross_entropy, a - y, [
        ((a - y) * slope, "(a − y)σ′(z), the quadratic cost's δ; the cross-entropy's ∇_a C = (a − y)/(a(1 − a)) "
                          "cancels σ′"),
        (y - a, "the right size with the sign flipped: δ = a − y"),
        ((a - y) / (a * (1 - a)), "∇_a C; BP1 multiplies it by σ′(z) = a(1 − a)")],
        lambda value: f"a − y = {value:.4g}")
    return combine("δ of the saturated neuron", [quad, cross],
                   f"quadratic cost (a − y)σ′(z) = {(a - y) * slope:.4g}; cross-entropy a − y = {a - y:.4g}: "
                   f"σ′ ≈ {slope:.3g} makes the quadratic cost's δ {1 / slope:.0f} times smaller")


def check_slowest_layer(answer, sizes=(784, 30, 30, 30, 10)):
    """Which layer's biases start with the smallest gradients in a deep sigmoid network with
    N(0, 1) weights: layer 2, the first hidden layer (the prediction the measurement then shows)."""
    L = len(sizes)
    slips = [(L, f"layer {L}, the output layer: its δ^L has one factor σ′ (BP1); every step back "
                 "through BP2 multiplies by (w^(l+1))^T and another σ′ ≤ 1/4")]
    slips += [(l, f"layer {l}, between: the error passes it on the way back to layer 2, which gets "
                  "one more factor σ′ ≤ 1/4") for l in range(3, L)]
    slips += [(1, "layer 1, the input layer: it has no biases; the first with biases is layer 2 (lecture layers "
                  "count from 1)"),
              (0, "0: the lecture counts layers from 1, the input being layer 1; the first with biases is layer 2")]
    return judge_count("the slowest layer", answer, 2, slips,
                       "layer 2, the first hidden layer: its δ has passed back through the most factors σ′ ≤ 1/4",
                       otherwise="the lecture counts layers from 1 (the input); which δ has the most factors σ′?")
