"""Self-checks for the hand computations of notebook 03, on the lecture's 2-3-2 example.

Each check takes the student's answer and names the natural slip when there is one:

    check_nudge(dC)                       ΔC ≈ δ²_1 Δz for the nudge Δz = 0.01 of z²_1
    check_output_error(delta)             BP1: δ³_1 = (a³_1 − y_1) σ′(z³_1)
    check_hidden_error(delta)             BP2: δ²_1 = (w³_11 δ³_1 + w³_21 δ³_2) σ′(z²_1)
    check_saturation(ratio)               σ′(0) / σ′(10), the arriving error held fixed
    check_weight_gradient(dz_dw, dC_dz)   BP4 for w³_13: the factors a²_3 and δ³_1
    check_weight_gradient_matrix(grad)    BP4 for all of w³: δ³ (a²)ᵀ, the shape of w³

The right values come from the forward pass and from central differences on the cost
(`derivation`), never from the student's own arrays.
"""
import numpy as np

from bpcore.activations import sigmoid, sigmoid_prime
from bpcore.backprop import deltas
from bpcore.lessons.kit.judge import Verdict, judge_array, judge_number, number, same, same_array, unwritten
from bpcore.lessons.lecture import example as lecture_example

from . import derivation

NUDGE = 0.01     # the Δz of check_nudge
SATURATED = 10   # the z of check_saturation


def _example():
    """The worked example's numbers, as 1-D arrays (numpy indices from 0)."""
    net = lecture_example.network()
    x, y = np.array(lecture_example.X), np.array(lecture_example.Y)
    (delta2, delta3), fp = deltas(net, x, y)
    return dict(net=net, x=x, y=y, z2=fp.z(2)[:, 0], a2=fp.a(2)[:, 0], z3=fp.z(3)[:, 0], a3=fp.a(3)[:, 0],
                w3=net.w(3), delta2=delta2[:, 0], delta3=delta3[:, 0])


def check_nudge(dC):
    """The predicted change of C when z²_1 is nudged by Δz = 0.01: δ²_1 Δz."""
    v = _example()
    d2, d3 = v["delta2"], v["delta3"]
    measured = float(lecture_example.cost_with_nudged_z(v["net"], v["x"], v["y"], 2, 1, NUDGE)
                     - lecture_example.cost_with_nudged_z(v["net"], v["x"], v["y"], 2, 1, 0.0))
    right = d2[0] * NUDGE
    slips = [(d2[0], "δ²_1 itself, the rate; the change is the rate times the nudge, δ²_1 × Δz"),
             (d2[0] / NUDGE, "δ²_1 / Δz; the change is the rate times the nudge, δ²_1 × Δz"),
             (-right, "−δ²_1 Δz: the sign is that of δ²_1 Δz (C rises when δ and Δz have the same sign)"),
             (NUDGE, "Δz itself; multiply it by the rate δ²_1"),
             (measured, "the measured ΔC itself; predict it from δ²_1 instead")]
    slips += [(d * NUDGE, f"{name} × Δz: the nudge is on z²_1, so its rate is δ²_1 (delta2[0, 0])")
              for d, name in ((d2[1], "δ²_2"), (d2[2], "δ²_3"), (d3[0], "δ³_1"), (d3[1], "δ³_2"))]
    return judge_number("ΔC", dC, right, slips, lambda value: (
        f"δ²_1 Δz = {value:.4g}; measured, C changes by {measured:.4g}: the prediction is "
        f"{100 * abs(measured / value - 1):.1f}% off, the part of ΔC that is not linear in Δz"))


def check_output_error(delta):
    """BP1 for output neuron 1: δ³_1 = (a³_1 − y_1) σ′(z³_1)."""
    v = _example()
    a, z, y = v["a3"][0], v["z3"][0], v["y"][0]
    right = (a - y) * sigmoid_prime(z)
    slips = [(a - y, "∂C/∂a³_1 = a³_1 − y_1 alone: BP1 multiplies it by σ′(z³_1), missing σ′"),
             (-right, "the right size with the wrong sign: ∂C/∂a³_1 = a³_1 − y_1, not y_1 − a³_1"),
             ((a - y) * sigmoid(z), "(a³_1 − y_1) σ(z³_1): σ where BP1 has its derivative σ′ = σ(1 − σ)"),
             ((a - y) * z * (1 - z), "(a³_1 − y_1) z(1 − z): σ′ is a(1 − a) with a = σ(z), not z(1 − z)"),
             ((a - y) * sigmoid_prime(a), "(a³_1 − y_1) σ′(a³_1): σ′ is taken at the weighted input z³_1"),
             (sigmoid_prime(z), "σ′(z³_1) alone: multiply it by ∂C/∂a³_1 = a³_1 − y_1"),
             (v["delta3"][1], "δ³_2, output neuron 2: neuron 1 is index 0")]
    return judge_number("δ³_1", delta, right, slips,
                        lambda value: f"δ³_1 = (a³_1 − y_1) σ′(z³_1) = {value:.4f}")


def check_hidden_error(delta):
    """BP2 for hidden neuron 1: δ²_1 = (w³_11 δ³_1 + w³_21 δ³_2) σ′(z²_1); the whole vector δ²
    is accepted too."""
    v = _example()
    w, d3, z2 = v["w3"], v["delta3"], v["z2"]
    if (missing := unwritten("δ²_1", delta)) is not None:
        return missing
    if np.size(delta) == 3:
        vector = np.ravel(np.asarray(delta, dtype=float))
        if same_array(vector, (w.T @ d3) * sigmoid_prime(z2)):
            return Verdict("δ²_1", True, True, f"right: all of δ² = ((w³)ᵀδ³) ⊙ σ′(z²), δ²_1 = {vector[0]:.4f}")
        if same_array(vector, w.T @ d3):
            return Verdict("δ²_1", True, False, "not yet: that is (w³)ᵀδ³, the error arriving at layer 2; "
                                                "BP2 multiplies it by σ′(z²), missing σ′")
    sp = sigmoid_prime(z2[0])
    column, row = w[0, 0] * d3[0] + w[1, 0] * d3[1], w[0, 0] * d3[0] + w[0, 1] * d3[1]
    slips = [(row * sp, "w³_11 δ³_1 + w³_12 δ³_2 times σ′: row 1 of w³, the weights into output 1. BP2 sums "
                        "down column 1, the weights out of hidden neuron 1 (w³_11, w³_21): the transpose "
                        "in (w³)ᵀδ³"),
             (column, "the arriving error w³_11 δ³_1 + w³_21 δ³_2 alone: missing σ′(z²_1)"),
             (column * sigmoid(z2[0]), "σ(z²_1) where BP2 has σ′(z²_1)"),
             (column * sigmoid_prime(v["z3"][0]), "σ′(z³_1) of the output neuron; BP2 takes σ′ of the "
                                                  "neuron whose error it computes, σ′(z²_1)"),
             (w[0, 0] * d3[0] * sp, "the path through output 1 only; the sum runs over both outputs k"),
             (w[1, 0] * d3[1] * sp, "the path through output 2 only; the sum runs over both outputs k"),
             (-column * sp, "the right size with the wrong sign")]
    return judge_number("δ²_1", delta, column * sp, slips, lambda value: (
        f"δ²_1 = (w³_11 δ³_1 + w³_21 δ³_2) σ′(z²_1) = ({w[0, 0] * d3[0]:+.4f} {w[1, 0] * d3[1]:+.4f}) "
        f"× {sp:.4f} = {value:.4f}: the two paths partly cancel"))


def check_saturation(ratio):
    """How many times smaller δ = (arriving error) σ′(z) is at z = 10 than at z = 0, the
    arriving error held fixed: σ′(0) / σ′(10)."""
    right = derivation.saturation_factor(SATURATED)
    slips = [(1 / right, "σ′(10) / σ′(0), the fraction that is left; the question asks how many times "
                         "smaller, its inverse"),
             (float(sigmoid(0.0) / sigmoid(SATURATED)), "σ(0) / σ(10), a ratio of σ; δ carries σ′"),
             (float(sigmoid_prime(SATURATED)), "σ′(10) itself; divide σ′(0) = 1/4 by it"),
             (float(np.exp(SATURATED)), "e¹⁰: σ′(z) ≈ e^(−z) for large z, but σ′(0) = 1/4, not 1")]
    return judge_number("σ′(0)/σ′(10)", ratio, right, slips, lambda value: (
        f"about {value:,.0f} times smaller: a neuron at z = 10 passes on almost none of the error"))


def check_weight_gradient(dz_dw, dC_dz):
    """The two chain-rule factors of ∂C/∂w³_13 = ∂C/∂z³_1 · ∂z³_1/∂w³_13: `dz_dw` should be
    a²_3 and `dC_dz` δ³_1. Both swapped is recognised (their product is still right)."""
    name = "∂C/∂w³_13"
    if (missing := unwritten(name, dz_dw, dC_dz)) is not None:
        return missing
    v = _example()
    a2, z2, a3, d2, d3, w3 = v["a2"], v["z2"], v["a3"], v["delta2"], v["delta3"], v["w3"]
    f1, f2 = number(dz_dw), number(dC_dz)
    if f1 is None or f2 is None:
        return Verdict(name, True, False, "wrong: each factor should be one number, e.g. a2[2] or 0.5523")
    measured = derivation.dC_dw(v["net"], v["x"], v["y"], 3, 1, 3)
    product = f"{a2[2]:.4f} × ({d3[0]:.4f}) = {a2[2] * d3[0]:.4f}; nudging w³_13 and measuring C gives {measured:.4f}"
    if same(f1, d3[0]) and same(f2, a2[2]):
        return Verdict(name, True, True, f"right product, names swapped: dz_dw holds δ³_1 = ∂C/∂z³_1 and dC_dz "
                                         f"holds a²_3 = ∂z³_1/∂w³_13. The order of two numbers does not change "
                                         f"their product: a²_3 δ³_1 = {product}")
    first = [(a2[2], None),
             (a2[0], "∂z³_1/∂w³_13 is not a²_1, the input of w³_11: w³_13 carries a²_3 (a2[2])"),
             (a2[1], "∂z³_1/∂w³_13 is not a²_2, the input of w³_12: w³_13 carries a²_3 (a2[2])"),
             (w3[0, 2], "∂z³_1/∂w³_13 is not the weight w³_13 itself but what it multiplies in z³_1"),
             (z2[2], "∂z³_1/∂w³_13 is not z²_3: the weight multiplies the activation a²_3 = σ(z²_3)"),
             (a3[0], "∂z³_1/∂w³_13 is not a³_1, the output of the neuron fed: it is the weight's input a²_3"),
             (1.0, "∂z³_1/∂w³_13 is not 1 (that is ∂z/∂b, BP3): it is the weight's input a²_3")]
    second = [(d3[0], None),
              (d3[1], "∂C/∂z³_1 is not δ³_2: w³_13 feeds neuron j = 1 (the first index), δ³_1"),
              (d2[2], "∂C/∂z³_1 is not δ²_3, the error where the weight starts: BP4 takes the error of "
                      "the neuron it feeds, δ³_1"),
              (d2[0], "∂C/∂z³_1 is not δ²_1, a hidden neuron's error: it is δ³_1"),
              (a3[0] - v["y"][0], "∂C/∂z³_1 is not a³_1 − y_1 = ∂C/∂a³_1: multiply by σ′(z³_1) (BP1)"),
              (a3[0] * (1 - a3[0]), "∂C/∂z³_1 is not σ′(z³_1) alone: multiply by a³_1 − y_1 (BP1)"),
              (-d3[0], "∂C/∂z³_1 has the wrong sign: ∂C/∂a³_1 = a³_1 − y_1, then × σ′(z³_1)")]
    problems = []
    for given, options, what in ((f1, first, "∂z³_1/∂w³_13"), (f2, second, "∂C/∂z³_1")):
        why = next((why for value, why in options if same(given, value)), "unknown")
        if why == "unknown":
            problems.append(f"{what} = {given:.4g} is none of the slips this check knows (write z³_1 "
                            f"= w³_11 a²_1 + w³_12 a²_2 + w³_13 a²_3 + b³_1 and look at the factor)")
        elif why is not None:
            problems.append(why)
    if problems:
        return Verdict(name, True, False, "not yet: " + "; ".join(problems))
    return Verdict(name, True, True, f"right: a²_3 δ³_1 = {product}")


def check_weight_gradient_matrix(grad):
    """BP4 for every weight of layer 3 at once: ∂C/∂w³ = δ³ (a²)ᵀ, shape (2, 3) like w³."""
    v = _example()
    d3, a2, d2 = v["delta3"][:, None], v["a2"][:, None], v["delta2"][:, None]
    right = d3 @ a2.T
    slips = [(right.T, "a² (δ³)ᵀ, shape (3, 2): the transpose. ∂C/∂w³_jk = a²_k δ³_j has w³'s shape "
                       "(n_3, n_2) = (2, 3): δ³ (a²)ᵀ = delta3 @ a2.T"),
             (d3 @ v["x"][None, :], "δ³ (a¹)ᵀ: layer 3's weights take their input from layer 2, a²"),
             (d2 @ a2.T, "δ² (a²)ᵀ: the weights of layer 3 feed layer 3, so the error is δ³"),
             ((d3 * sigmoid_prime(v["z3"][:, None])) @ a2.T, "an extra σ′: it is already inside δ³ (BP1)")]

    def otherwise(g):
        if g.size == 1:
            return "one number; BP4 for all j, k is a matrix, the outer product δ³ (a²)ᵀ (a column times a row)"
        return f"shape {g.shape}, expected {right.shape}, and not a slip this check knows; ∂C/∂w³_jk = a²_k δ³_j"
    return judge_array("∂C/∂w³", grad, right, slips,
                       f"δ³ (a²)ᵀ, shape {right.shape} like w³; entry [0, 2] is ∂C/∂w³_13 = {right[0, 2]:.4f}",
                       otherwise)
