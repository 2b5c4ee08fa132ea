"""Checks for computing the worked example by hand, before the notebook prints its numbers.

Each `check_*` takes the student's answer (a list or an array; a vector may be flat or a
column), compares it with bpcore's value for the 2-3-2 example (x = y = (1, 1)), and returns an
`kit.judge.Verdict` that names the slip when the answer is one of the natural ones:

    z² = w² a¹ + b²                  a missing or subtracted bias, a² instead of z², a column plus
                                     a flat array broadcast to a matrix, the sum over the wrong index
    a² = σ(z²)                       no σ, σ′ instead of σ, σ(z) = 1/(1 + e^z), a missing bias
    δ³ = (a³ − y) ⊙ σ′(z³)           no σ′, (y − a³), σ′(a³) (a instead of z), z(1 − z) (z instead
                                     of a), σ instead of σ′, an extra σ′, a² rounded to the slide's
                                     2 decimals, a missing b³
    ∂C/∂w³ = δ³ (a²)^T               the transpose a² (δ³)^T, no σ′, σ′(a³), σ for σ′, an extra σ′,
                                     z², a¹ or a³ instead of a², (y − a³), the slide's misprinted −0.0098
    ∂C/∂b³ = (1/m) Σ_x δ^{x,3}       on a mini-batch of two: the sum where the mean belongs, the mean
                                     or sum over the neurons or over all entries, one example only,
                                     the sign

Any of these with the sign flipped or transposed as well is named as the pair (`kit.judge`).
A typed answer agreeing to about 4 significant digits is right (the slides' δ, −0.1054, is);
rounded as the slides round it (2 decimals for z and a, 3 for ∂C/∂w) it is close, with the
rounding named (`kit.judge`). `...`, the notebook's placeholder, is "not written yet" like None.
"""
import numpy as np

from bpcore.activations import sigmoid, sigmoid_prime
from bpcore.backprop import deltas
from bpcore.lessons.kit.judge import judge_array
from bpcore.lessons.lecture.example import X, Y, network

# The mini-batch of the last check: the slide's example (x, y) and a second one, x' = (0, 1), y' = (0, 1).
BATCH_X = ((1.0, 0.0), (1.0, 1.0))
BATCH_Y = ((1.0, 0.0), (1.0, 1.0))


def example():
    """Every quantity of the worked example by its name in the exercises: w2, b2, w3, b3, x, y,
    z2, a2, z3, a3, delta3 (1-D vectors, numpy indices from 0)."""
    net = network()
    x, y = np.array(X), np.array(Y)
    w2, b2, w3, b3 = net.w(2), net.b(2)[:, 0], net.w(3), net.b(3)[:, 0]
    z2 = w2 @ x + b2
    a2 = sigmoid(z2)
    z3 = w3 @ a2 + b3
    a3 = sigmoid(z3)
    return dict(w2=w2, b2=b2, w3=w3, b3=b3, x=x, y=y, z2=z2, a2=a2, z3=z3, a3=a3,
                delta3=(a3 - y) * sigmoid_prime(z3))


def _judge(name, answer, expected, slips, what):
    """The judge's array verdict; a vector may be flat, a column or a row."""
    return judge_array(name, answer, expected, slips, what, flat=True,
                       otherwise="compare it step by step with the formula")


def check_z2(z2):
    """z² = w² a¹ + b², the weighted input of the hidden layer."""
    v = example()
    w2, b2, x = v["w2"], v["b2"], v["x"]
    slips = [
        (w2 @ x, "w² a¹ without the bias: z² = w² a¹ + b²"),
        (w2 @ x - b2, "w² a¹ − b², the bias subtracted: z² = w² a¹ + b²"),
        (v["a2"], "a² = σ(z²); z² is the weighted input before σ"),
        (w2.sum(axis=0), "the sums down the columns of w², the transposed matrix: z²_j = Σ_k w²_jk a¹_k + b²_j "
                         "runs along row j (in numpy, w2 @ x), one entry per hidden neuron"),
    ]
    broadcast = ("a column (3, 1) plus a flat (3,) array: numpy broadcast them to a 3 × 3 matrix; "
                 "use b2 as given (flat), or make both columns")
    slips += [((w2 @ x)[None, :] + b2[:, None], broadcast), ((w2 @ x)[:, None] + b2[None, :], broadcast)]
    return _judge("z²", z2, v["z2"], slips, "z² = w² a¹ + b², one entry per hidden neuron")


def check_a2(a2):
    """a² = σ(z²), the activations of the hidden layer."""
    v = example()
    z2 = v["z2"]
    slips = [
        (z2, "z² itself; the activation is a² = σ(z²)"),
        (sigmoid_prime(z2), "σ′(z²); the activation is σ(z²) = 1/(1 + e^(−z))"),
        (sigmoid(-z2), "1/(1 + e^z): σ(z) = 1/(1 + e^(−z)), the exponent needs the minus sign"),
        (sigmoid(v["w2"] @ v["x"]), "σ of z² without its bias: z² = w² a¹ + b²"),
    ]
    return _judge("a²", a2, v["a2"], slips, "a² = σ(z²)")


def check_delta3(delta3):
    """δ³ = (a³ − y) ⊙ σ′(z³), BP1 for the quadratic cost."""
    v = example()
    a3, z3, y = v["a3"], v["z3"], v["y"]
    rounded_a3 = sigmoid(v["w3"] @ np.round(v["a2"], 2) + v["b3"])
    without_b3 = sigmoid(v["w3"] @ v["a2"])
    slips = [
        (a3 - y, "a³ − y, missing σ′: BP1 multiplies a³ − y element-wise by σ′(z³)"),
        ((y - a3) * sigmoid_prime(z3), "the right size with the sign flipped, (y − a³) σ′(z³): ∂C/∂a³ = a³ − y "
                                       "for C = ½‖y − a³‖²"),
        ((a3 - y) * sigmoid_prime(a3), "(a³ − y) σ′(a³), σ′ taken at the activation: BP1 takes σ′(z³), at the "
                                       "weighted input"),
        ((a3 - y) * z3 * (1 - z3), "(a³ − y) z³(1 − z³): σ′ = a(1 − a) takes the activation a = σ(z), not z: "
                                   "use a³(1 − a³) or σ′(z³)"),
        ((a3 - y) * a3, "(a³ − y) σ(z³): σ where BP1 needs its derivative σ′(z³) = σ(z³)(1 − σ(z³))"),
        ((rounded_a3 - y) * rounded_a3 * (1 - rounded_a3),
         "δ³ computed from a² rounded to the slide's 2 decimals: carry the full a²"),
        ((without_b3 - y) * without_b3 * (1 - without_b3), "δ³ computed from a z³ without its bias: z³ = w³ a² + b³"),
        ((a3 - y) * sigmoid_prime(z3) ** 2, "(a³ − y) σ′(z³)², an extra σ′: BP1 has one"),
    ]
    return _judge("δ³", delta3, v["delta3"], slips, "δ³ = (a³ − y) ⊙ σ′(z³)")


def check_weight_gradient(dC_dw3):
    """∂C/∂w³ = δ³ (a²)^T (BP4 for every j, k at once), shape (2, 3) like w³."""
    v = example()
    d3, a2, a3, y = v["delta3"], v["a2"], v["a3"], v["y"]
    expected = np.outer(d3, a2)
    misprint = expected.copy()
    misprint[0, 2] = -0.0098
    slips = [
        (np.outer(a3 - y, a2), "(a³ − y)(a²)^T, missing σ′: BP4 takes δ³ = (a³ − y) ⊙ σ′(z³), not a³ − y"),
        (np.outer(d3, v["z2"]), "δ³ (z²)^T: z² is not the input of a weight, BP4 takes the activation a²"),
        (-expected, "the right size with the sign flipped: δ³ comes from a³ − y, not y − a³"),
        (misprint, "the slide's matrix, with its misprint: ∂C/∂w³_13 = a²_3 δ³_1 = −0.0582, not −0.0098"),
        (expected.T, "a² (δ³)^T, the transpose, shape (3, 2); ∂C/∂w³ has the shape of w³, "
                     "(2, 3): δ³ (a²)^T, in numpy np.outer(delta3, a2)"),
        (np.outer((a3 - y) * sigmoid_prime(a3), a2), "δ³ computed with σ′(a³), σ′ taken at the activation: "
                                                     "BP1 takes σ′(z³)"),
        (np.outer((a3 - y) * a3, a2), "δ³ computed with σ(z³) where BP1 has σ′(z³)"),
        (np.outer((a3 - y) * v["z3"] * (1 - v["z3"]), a2), "δ³ computed with z³(1 − z³): σ′ is a(1 − a) with a = σ(z)"),
        (np.outer(d3 * sigmoid_prime(v["z3"]), a2), "δ³ (a²)^T with an extra σ′(z³): it is already inside δ³"),
        (np.outer(d3, v["x"]), "δ³ (a¹)^T: w³'s inputs are a², not a¹ = x"),
        (np.outer(d3, a3), "δ³ (a³)^T: a³ is the output of w³'s neurons, not its input; BP4 takes a^(l−1) = a²"),
    ]
    return _judge("∂C/∂w³", dC_dw3, expected, slips, "∂C/∂w³ = δ³ (a²)^T, entry (j, k) = a²_k δ³_j")


def batch_errors():
    """δ^{x,3} for the mini-batch BATCH_X, BATCH_Y: one column per example, shape (2, 2)."""
    (_, delta3), _ = deltas(network(), np.array(BATCH_X), np.array(BATCH_Y))
    return delta3


def check_batch_bias_gradient(grad_b3):
    """∂C/∂b³ = (1/m) Σ_x δ^{x,3} on the mini-batch of m = 2 examples (C is the mean of C_x)."""
    delta3 = batch_errors()
    expected = delta3.mean(axis=1)
    slips = [
        (delta3.sum(axis=1), "the sum over the examples; C is their mean, so divide by m = 2"),
        (delta3.mean(axis=0), "the mean over the neurons (axis 0); the examples are the columns: axis=1"),
        (delta3.sum(axis=0), "the sum over the neurons (axis 0); the examples are the columns, and C is their mean"),
        (delta3[:, 0], "the first example's δ alone; the mini-batch has m = 2"),
        (delta3[:, 1], "the second example's δ alone; the mini-batch has m = 2"),
        (delta3.mean(), "the mean of all four entries: average over the examples only (axis=1), one number "
                        "per output neuron"),
        (-expected, "the right size with the sign flipped: ∂C/∂b³ is the mean of the δ's themselves"),
    ]
    return judge_array("∂C/∂b³ on the batch", grad_b3, expected, slips,
                       "∂C/∂b³ = (1/m) Σ_x δ^{x,3}, the mean of the columns", flat=True,
                       otherwise="compare it step by step with the formula",
                       undo=[(lambda g: 2 * g, "the sum where the mean belongs (divide by m = 2)")])
