"""Self-checks for the hand computations of notebook 03, on the lecture's 2-3-2 example.

Each check takes the student's answer and names the natural slip when there is one:

    check_nudge(dC)                       ΔC ≈ δ³_2 Δz for the nudge Δz = 0.01 of z³_2
    check_output_error(delta)             BP1: δ³_1 = (a³_1 − y_1) σ′(z³_1)
    check_hidden_error(delta)             BP2: δ²_1 = (w³_11 δ³_1 + w³_21 δ³_2) σ′(z²_1)
    check_saturation(ratio)               σ′(0) / σ′(10), the arriving error held fixed
    check_weight_gradient(dz_dw, dC_dz)   BP4 for w³_13: the factors a²_3 and δ³_1
    check_weight_gradient_matrix(grad)    BP4 for all of w³: δ³ (a²)ᵀ, the shape of w³

The right values come from the forward pass and from central differences on the cost
(`derivation`), never from the student's own arrays; every slip's value is computed from the
math it gets wrong (σ′ at the activation, σ for σ′, the flipped sign, the transpose, ...).
"""
import numpy as np

from bpcore.activations import sigmoid, sigmoid_prime
from bpcore.backprop import deltas
from bpcore.lessons.kit.judge import Verdict, combine, judge_array, judge_number, number, unwritten, RIGHT, CLOSE
from bpcore.lessons.lecture import example as lecture_example

from . import derivation

NUDGE = 0.01     # the Δz of check_nudge
SATURATED = 10   # the z of check_saturation
FLIPPED = "the right size with the sign flipped: ∂C/∂a = a − y, not y − a"


def _example():
    """The worked example's numbers, as 1-D arrays (numpy indices from 0)."""
    net = lecture_example.network()
    x, y = np.array(lecture_example.X), np.array(lecture_example.Y)
    (delta2, delta3), fp = deltas(net, x, y)
    return dict(net=net, x=x, y=y, z2=fp.z(2)[:, 0], a2=fp.a(2)[:, 0], z3=fp.z(3)[:, 0], a3=fp.a(3)[:, 0],
                w3=net.w(3), delta2=delta2[:, 0], delta3=delta3[:, 0])


def check_nudge(dC):
    """The predicted change of C when z³_2 is nudged by Δz = 0.01: δ³_2 Δz. (Output neuron 2, whose
    error no later exercise asks for.)"""
    v = _example()
    d2, d3 = v["delta2"], v["delta3"]
    measured = float(lecture_example.cost_with_nudged_z(v["net"], v["x"], v["y"], 3, 2, NUDGE)
                     - lecture_example.cost_with_nudged_z(v["net"], v["x"], v["y"], 3, 2, 0.0))
    right = d3[1] * NUDGE
    slips = [(d3[1], "δ³_2 itself, the rate; the change is the rate times the nudge, δ³_2 × Δz"),
             (d3[1] / NUDGE, "δ³_2 / Δz; the change is the rate times the nudge, δ³_2 × Δz"),
             (-right, "−δ³_2 Δz: the sign is that of δ³_2 Δz (C rises when δ and Δz have the same sign)"),
             (NUDGE, "Δz itself; multiply it by the rate δ³_2"),
             (right * sigmoid_prime(v["z3"][1]), "δ³_2 σ′(z³_2) Δz, an extra σ′: δ³_2 = ∂C/∂z³_2 already has it"),
             (measured, "the measured ΔC itself; predict it from δ³_2 instead")]
    slips += [(d * NUDGE, f"{name} × Δz: the nudge is on z³_2, so its rate is δ³_2 (delta3[1, 0])")
              for d, name in ((d3[0], "δ³_1"), (d2[0], "δ²_1"), (d2[1], "δ²_2"), (d2[2], "δ²_3"))]
    return judge_number("ΔC", dC, right, slips, lambda value: (
        f"δ³_2 Δz = {value:.4g}; measured, C changes by {measured:.4g}: the prediction is "
        f"{100 * abs(measured / value - 1):.1f}% off, the part of ΔC that is not linear in Δz"))


def _output_slips(v, j):
    """BP1's slips for output neuron j (numpy index j − 1), their `why` naming neuron j."""
    a, z, y = v["a3"][j - 1], v["z3"][j - 1], v["y"][j - 1]
    right = (a - y) * sigmoid_prime(z)
    return [(a - y, f"∂C/∂a³_{j} = a³_{j} − y_{j} alone: BP1 multiplies it by σ′(z³_{j}), missing σ′"),
            (-right, FLIPPED),
            ((a - y) * sigmoid(z), f"(a³_{j} − y_{j}) σ(z³_{j}): σ where BP1 has its derivative σ′ = σ(1 − σ)"),
            ((a - y) * z * (1 - z), f"(a³_{j} − y_{j}) z(1 − z): σ′ is a(1 − a) with a = σ(z), not z(1 − z)"),
            ((a - y) * sigmoid_prime(a), f"(a³_{j} − y_{j}) σ′(a³_{j}), σ′ taken at the activation: BP1 takes it "
                                         f"at the weighted input z³_{j}, σ′(z³_{j}) = a³_{j}(1 − a³_{j})"),
            (right * sigmoid_prime(z), f"(a³_{j} − y_{j}) σ′(z³_{j})², an extra σ′: BP1 has one"),
            (sigmoid_prime(z), f"σ′(z³_{j}) alone: multiply it by ∂C/∂a³_{j} = a³_{j} − y_{j}")]


def check_output_error(delta):
    """BP1 for output neuron 1: δ³_1 = (a³_1 − y_1) σ′(z³_1)."""
    v = _example()
    right = v["delta3"][0]
    other = "output neuron 2 (neuron 1 is index 0), and there "
    slips = _output_slips(v, 1) + [(v["delta3"][1], "δ³_2, output neuron 2: neuron 1 is index 0")]
    slips += [(value, other + why) for value, why in _output_slips(v, 2) if why != FLIPPED]
    return judge_number("δ³_1", delta, right, slips,
                        lambda value: f"δ³_1 = (a³_1 − y_1) σ′(z³_1) = {value:.4f}")


def _hidden_slips(v, j=""):
    """BP2's slips as vectors δ², their `why` naming all of δ² (j = "") or neuron j (j = "_1")."""
    w, d3, z2, a2 = v["w3"], v["delta3"], v["z2"], v["a2"]
    back, sp = w.T @ d3, sigmoid_prime(z2)
    arriving = "w³_11 δ³_1 + w³_21 δ³_2" if j else "(w³)ᵀδ³"
    return [(back, f"the arriving error {arriving} alone: BP2 multiplies it by σ′(z²{j}), missing σ′"),
            (back * sigmoid(z2), f"{arriving} times σ(z²{j}): σ where BP2 has its derivative σ′(z²{j})"),
            (back * sigmoid_prime(a2), f"{arriving} times σ′(a²{j}), σ′ taken at the activation: BP2 takes it at "
                                       f"the weighted input, σ′(z²{j}) = a²{j}(1 − a²{j})"),
            (back * z2 * (1 - z2), f"{arriving} times z²{j}(1 − z²{j}): σ′ is a(1 − a) with a = σ(z)"),
            (back * sp * sp, f"({arriving}) σ′(z²{j})², an extra σ′: δ³ carries layer 3's σ′, BP2 adds only "
                             f"σ′(z²{j})"),
            (-back * sp, "the right size with the sign flipped: δ³ comes from a³ − y, not y − a³")]


def check_hidden_error(delta):
    """BP2 for hidden neuron 1: δ²_1 = (w³_11 δ³_1 + w³_21 δ³_2) σ′(z²_1); the whole vector δ²
    is accepted too."""
    v = _example()
    w, d3, z2 = v["w3"], v["delta3"], v["z2"]
    if np.size(delta) > 1 and unwritten("δ²_1", delta) is None:
        right = (w.T @ d3) * sigmoid_prime(z2)
        return judge_array("δ²_1", delta, right, _hidden_slips(v),
                           f"all of δ² = ((w³)ᵀδ³) ⊙ σ′(z²), δ²_1 = {right[0]:.4f}", flat=True)
    sp = sigmoid_prime(z2[0])
    column, row = w[0, 0] * d3[0] + w[1, 0] * d3[1], w[0, 0] * d3[0] + w[0, 1] * d3[1]
    right = column * sp
    slips = [(vector[0], why) for vector, why in _hidden_slips(v, "_1")]
    slips += [(row * sp, "w³_11 δ³_1 + w³_12 δ³_2 times σ′: row 1 of w³, the weights into output 1. BP2 sums "
                         "down column 1, the weights out of hidden neuron 1 (w³_11, w³_21): the transpose "
                         "in (w³)ᵀδ³"),
              (column * sigmoid_prime(v["z3"][0]), "σ′(z³_1) of the output neuron; BP2 takes σ′ of the "
                                                   "neuron whose error it computes, σ′(z²_1)"),
              (w[0, 0] * d3[0] * sp, "the path through output 1 only; the sum runs over both outputs k"),
              (w[1, 0] * d3[1] * sp, "the path through output 2 only; the sum runs over both outputs k"),
              (v["delta2"][1], "δ²_2: hidden neuron 1 is index 0")]
    return judge_number("δ²_1", delta, right, slips, lambda value: (
        f"δ²_1 = (w³_11 δ³_1 + w³_21 δ³_2) σ′(z²_1) = ({w[0, 0] * d3[0]:+.4f} {w[1, 0] * d3[1]:+.4f}) "
        f"× {sp:.4f} = {value:.4f}: the two paths partly cancel"))


def check_saturation(ratio):
    """How many times smaller δ = (arriving error) σ′(z) is at z = 10 than at z = 0, the
    arriving error held fixed: σ′(0) / σ′(10)."""
    right = derivation.saturation_factor(SATURATED)
    slips = [(1 / right, "σ′(10) / σ′(0), the fraction that is left; the question asks how many times "
                         "smaller, its inverse"),
             (float(sigmoid(0.0) / sigmoid(SATURATED)), "σ(0) / σ(10), a ratio of σ; δ carries σ′"),
             (float(sigmoid_prime(sigmoid(0.0)) / sigmoid_prime(sigmoid(SATURATED))),
              "σ′(σ(0)) / σ′(σ(10)), σ′ taken at the activations: it is taken at z, σ′(0) / σ′(10)"),
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
    a2, z2, a3, d2, d3, w3, y = v["a2"], v["z2"], v["a3"], v["delta2"], v["delta3"], v["w3"], v["y"]
    measured = derivation.dC_dw(v["net"], v["x"], v["y"], 3, 1, 3)
    product = f"{a2[2]:.4f} × ({d3[0]:.4f}) = {a2[2] * d3[0]:.4f}; nudging w³_13 and measuring C gives {measured:.4f}"
    f1, f2 = number(dz_dw), number(dC_dz)
    if f1 is not None and f2 is not None and abs(f1 - d3[0]) <= CLOSE * abs(d3[0]) \
            and abs(f2 - a2[2]) <= CLOSE * a2[2]:
        exact = abs(f1 - d3[0]) <= RIGHT * abs(d3[0]) and abs(f2 - a2[2]) <= RIGHT * a2[2]
        return Verdict(name, True, exact, f"{'right' if exact else 'close'}: the product is right but the names "
                                          f"are swapped: dz_dw holds δ³_1 = ∂C/∂z³_1 and dC_dz holds a²_3 = "
                                          f"∂z³_1/∂w³_13{'' if exact else ' (rounded: keep every digit)'}. The "
                                          f"order of two numbers does not change their product: a²_3 δ³_1 = "
                                          f"{product}", not exact)
    first = judge_number("∂z³_1/∂w³_13", dz_dw, a2[2], [
        (a2[0], "a²_1, the input of w³_11: w³_13 carries a²_3 (a2[2])"),
        (a2[1], "a²_2, the input of w³_12: w³_13 carries a²_3 (a2[2])"),
        (w3[0, 2], "the weight w³_13 itself; ∂z³_1/∂w³_13 is what it multiplies in z³_1"),
        (z2[2], "z²_3: the weight multiplies the activation a²_3 = σ(z²_3)"),
        (a3[0], "a³_1, the output of the neuron fed: it is the weight's input a²_3"),
        (a2[2] * sigmoid_prime(z2[2]), "a²_3 σ′(z²_3), an extra σ′: z³_1 is linear in w³_13, ∂z³_1/∂w³_13 = a²_3"),
        (1.0, "1, which is ∂z/∂b (BP3): for a weight it is the weight's input a²_3")],
        lambda value: f"a²_3 = {value:.4f}", otherwise="write z³_1 = w³_11 a²_1 + w³_12 a²_2 + w³_13 a²_3 + b³_1 "
                                                       "and look at the factor of w³_13")
    second = judge_number("∂C/∂z³_1", dC_dz, d3[0], [
        (d3[1], "δ³_2: w³_13 feeds neuron j = 1 (the first index), δ³_1"),
        (d2[2], "δ²_3, the error where the weight starts: BP4 takes the error of the neuron it feeds, δ³_1"),
        (d2[0], "δ²_1, a hidden neuron's error: it is δ³_1"),
        (a3[0] - y[0], "a³_1 − y_1 = ∂C/∂a³_1, missing σ′: multiply by σ′(z³_1) (BP1)"),
        (a3[0] * (1 - a3[0]), "σ′(z³_1) alone: multiply by a³_1 − y_1 (BP1)"),
        ((a3[0] - y[0]) * sigmoid_prime(a3[0]), "(a³_1 − y_1) σ′(a³_1), σ′ taken at the activation: it is "
                                                "σ′(z³_1) = a³_1(1 − a³_1)"),
        ((a3[0] - y[0]) * a3[0], "(a³_1 − y_1) σ(z³_1): σ where BP1 has σ′"),
        (-d3[0], FLIPPED)],
        lambda value: f"δ³_1 = {value:.4f}", otherwise="δ³_1 = (a³_1 − y_1) σ′(z³_1), BP1")
    return combine(name, [first, second], f"a²_3 δ³_1 = {product}")


def check_weight_gradient_matrix(grad):
    """BP4 for every weight of layer 3 at once: ∂C/∂w³ = δ³ (a²)ᵀ, shape (2, 3) like w³."""
    v = _example()
    d3, a2, d2, y = v["delta3"][:, None], v["a2"][:, None], v["delta2"][:, None], v["y"][:, None]
    a3, z3 = v["a3"][:, None], v["z3"][:, None]
    right = d3 @ a2.T
    slips = [(right.T, "a² (δ³)ᵀ, shape (3, 2): the transpose. ∂C/∂w³_jk = a²_k δ³_j has w³'s shape "
                       "(n_3, n_2) = (2, 3): δ³ (a²)ᵀ = delta3 @ a2.T"),
             (d3 @ v["x"][None, :], "δ³ (a¹)ᵀ: layer 3's weights take their input from layer 2, a²"),
             (d3 @ a3.T, "δ³ (a³)ᵀ: a³ is what w³'s neurons output; their input is a²"),
             (d2 @ a2.T, "δ² (a²)ᵀ: the weights of layer 3 feed layer 3, so the error is δ³"),
             (d3 @ v["z2"][None, :], "δ³ (z²)ᵀ: the weights multiply the activations a² = σ(z²)"),
             ((a3 - y) @ a2.T, "(a³ − y)(a²)ᵀ, missing σ′: δ³ = (a³ − y) ⊙ σ′(z³)"),
             (((a3 - y) * sigmoid_prime(a3)) @ a2.T, "δ³ computed with σ′(a³), σ′ taken at the activation: "
                                                     "BP1 takes σ′(z³)"),
             (((a3 - y) * sigmoid(z3)) @ a2.T, "δ³ computed with σ(z³) where BP1 has σ′(z³)"),
             (((a3 - y) * z3 * (1 - z3)) @ a2.T, "δ³ computed with z³(1 − z³): σ′ is a(1 − a) with a = σ(z)"),
             ((d3 * sigmoid_prime(z3)) @ a2.T, "δ³ (a²)ᵀ with an extra σ′(z³): it is already inside δ³ (BP1)"),
             (-right, "the right size with the sign flipped: δ³ comes from a³ − y, not y − a³")]
    return judge_array("∂C/∂w³", grad, right, slips,
                       f"δ³ (a²)ᵀ, shape {right.shape} like w³; entry [0, 2] is ∂C/∂w³_13 = {right[0, 2]:.4f}",
                       otherwise="∂C/∂w³_jk = a²_k δ³_j: the outer product δ³ (a²)ᵀ, a column times a row")
