"""The lecture's examples as data: the Neuron Error nudge and the 2-3-2 worked example.

Neuron Error. The error of neuron j in layer l is δ^l_j ≡ ∂C/∂z^l_j: if the neuron's weighted
input becomes z^l_j + Δz, the cost changes by ΔC ≈ δ^l_j Δz. `cost_with_nudged_z` runs the
forward pass with that nudge, so the claim can be measured; `numerical_errors` turns it into
central differences for every neuron of a layer.

Backpropagation Example. The slides name the network's parameters w_1, w_2, b_1, b_2 and write
z_2, a_2 with lower indices; here they carry the lecture's own layer numbers l = 2, 3 (layer 1
is the input x = a^1):

    slide w_1, b_1  ->  w^2, b^2   (shape (3, 2) and (3,))
    slide w_2, b_2  ->  w^3, b^3   (shape (2, 3) and (2,))
    slide z_2, a_2  ->  z^2, a^2,  slide z_3, a_3 -> z^3, a^3

`SLIDE_VALUES` holds every number the slides print, as the printed string, so the rounding
each was printed with is kept (−0.0098 has 4 decimals, −0.031 has 3). `comparison_rows`
sets each beside bpcore's value; a slide value "agrees" when bpcore's value rounds to it, i.e.
|computed − printed| ≤ ½·10^(−decimals). Entries here index neurons from 1 as the slides do
(z^2_1 is `z[0]`).
"""
from typing import NamedTuple

import numpy as np

from .. import _validate
from ..activations import sigmoid
from ..backprop import backprop, deltas
from ..costs import get_cost
from ..network import Network

# --- Neuron Error ----------------------------------------------------------------------


def cost_with_nudged_z(net, X, Y, l, j, dz, cost="quadratic", x=0):
    """The cost C after adding Δz = `dz` to the weighted input z^l_j of example (column) `x`.

    The forward pass is z^k = w^k a^{k-1} + b^k, a^k = σ(z^k) for k = 2..L, except that in
    layer l the neuron j outputs σ(z^l_j + Δz) instead of σ(z^l_j), as on the Neuron Error
    slide. `j` and `x` are array indices from 0. With dz = 0 this is the ordinary cost, and
    C(Δz) − C(0) ≈ ∂C/∂z^l_j · Δz.
    """
    cost = get_cost(cost)
    one = np.ndim(X) == 1
    net.w(l)  # checks that 2 <= l <= L
    X = _validate.inputs(X, net.sizes[0], net.dtype)
    Y = _validate.targets(Y, net.sizes[-1], X.shape[1], net.dtype, one_example=one)
    a = X
    for k, (w, b) in enumerate(zip(net.weights, net.biases), start=2):
        z = w @ a + b
        if k == l:
            z[j, x] += dz
        a = sigmoid(z)
    return cost.value(a, Y, z=z)


def numerical_errors(net, X, Y, l, cost="quadratic", eps=1e-6):
    """δ^l by central differences, one column per example:

        δ^{x,l}_j ≈ m · (C(z^{x,l}_j + ε) − C(z^{x,l}_j − ε)) / 2ε

    C is the mean of the m per-example costs C_x, and nudging example x's z changes only C_x,
    hence the factor m: the result is ∂C_x/∂z^{x,l}_j, the same δ that `bpcore.deltas` returns.
    """
    m = 1 if np.ndim(X) == 1 else np.shape(X)[1]
    result = np.empty((net.sizes[l - 1], m))
    for j in range(result.shape[0]):
        for x in range(m):
            c_plus = cost_with_nudged_z(net, X, Y, l, j, eps, cost, x)
            c_minus = cost_with_nudged_z(net, X, Y, l, j, -eps, cost, x)
            result[j, x] = m * (c_plus - c_minus) / (2 * eps)
    return result


def relative_error(a, b):
    """||a − b|| / (||a|| + ||b||): 0 when equal, about 1e-16 at float64 rounding, 1 when
    unrelated. 0 when both are zero."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0


# --- Backpropagation Example: the 2-3-2 network -----------------------------------------

W2 = ((-0.81, -0.34), (-1.57, -0.03), (0.60, -0.52))   # the slide's w_1
W3 = ((0.51, 0.65, -0.74), (-1.42, -0.89, 2.02))      # the slide's w_2
B2 = (0.27, 0.87, 0.13)                                 # the slide's b_1
B3 = (0.33, 0.65)                                       # the slide's b_2
X = (1.0, 1.0)                                          # the input a^1
Y = (1.0, 1.0)                                          # the target y
COST = "quadratic"                                      # C_x = ||y − a^3||² / 2

FEEDFORWARD = "Backpropagation Example: Feedforward"
ERROR = "Backpropagation Example: Error"
WEIGHTS = "Backpropagation Example: Output: Weight Gradients"
BIASES = "Backpropagation Example: Output: Bias Gradients"

# quantity -> (symbol, slide, the numbers as printed). The bias-gradient slide writes
# ∂C/∂b^3 = δ^3 and ∂C/∂b^2 = δ^2 without new numbers: its numbers are those of the Error slide.
SLIDE_VALUES = {
    "z2": ("z²", FEEDFORWARD, ("-0.88", "-0.73", "0.21")),
    "a2": ("a²", FEEDFORWARD, ("0.29", "0.33", "0.55")),
    "z3": ("z³", FEEDFORWARD, ("0.28", "1.06")),
    "a3": ("a³", FEEDFORWARD, ("0.57", "0.74")),
    "delta3": ("δ³", ERROR, ("-0.1054", "-0.0492")),
    "delta2": ("δ²", ERROR, ("0.0033", "-0.0054", "-0.0053")),
    "dC/dw3": ("∂C/∂w³", WEIGHTS, (("-0.031", "-0.034", "-0.0098"), ("-0.014", "-0.016", "-0.027"))),
    "dC/dw2": ("∂C/∂w²", WEIGHTS, (("0.0033", "0.0033"), ("-0.0054", "-0.0054"), ("-0.0053", "-0.0053"))),
    "dC/db3": ("∂C/∂b³", BIASES, ("-0.1054", "-0.0492")),
    "dC/db2": ("∂C/∂b²", BIASES, ("0.0033", "-0.0054", "-0.0053")),
}

# (quantity, entry from 1) -> why the slide is wrong. Every other slide value agrees.
KNOWN_SLIDE_ERRORS = {
    ("dC/dw3", (1, 3)): "slide error: BP4 gives a²_3 δ³_1 = 0.5523 × (−0.1054) = −0.0582, not −0.0098",
}


class Row(NamedTuple):
    """One slide number beside bpcore's: e.g. Row('z²_1', 'Backpropagation Example: Feedforward',
    '-0.88', -0.88, 2, True, '')."""
    entry: str         # the symbol with its indices from 1, e.g. '∂C/∂w³_13'
    slide: str         # the slide's title
    printed: str       # the number as the slide prints it
    computed: float    # bpcore's value
    decimals: int      # decimals the slide printed
    agrees: bool       # |computed − printed| ≤ ½·10^(−decimals)
    note: str          # why a disagreement happens, '' when it agrees


def network():
    """The 2-3-2 network of the slides: Network.from_params([w^2, w^3], [b^2, b^3])."""
    return Network.from_params([W2, W3], [B2, B3])


def computed_values(net=None):
    """bpcore's numbers for every quantity in SLIDE_VALUES, for input X and target Y:
    z^l, a^l from the forward pass, δ^l from BP1-BP2, ∂C/∂w^l and ∂C/∂b^l from backprop."""
    net = network() if net is None else net
    x, y = np.array(X), np.array(Y)
    (delta2, delta3), fp = deltas(net, x, y, COST)
    nabla_b, nabla_w = backprop(net, x, y, COST)
    return {
        "z2": fp.z(2)[:, 0], "a2": fp.a(2)[:, 0], "z3": fp.z(3)[:, 0], "a3": fp.a(3)[:, 0],
        "delta3": delta3[:, 0], "delta2": delta2[:, 0],
        "dC/dw3": nabla_w[1], "dC/dw2": nabla_w[0],
        "dC/db3": nabla_b[1][:, 0], "dC/db2": nabla_b[0][:, 0],
    }


def decimals(printed):
    """How many decimals a printed number has: decimals('-0.0098') == 4."""
    return len(printed.split(".")[1]) if "." in printed else 0


def agrees(computed, printed):
    """True when `computed` rounds to the slide's `printed` number at the slide's decimals."""
    return abs(computed - float(printed)) <= 0.5 * 10.0 ** -decimals(printed) + 1e-12


def comparison_rows(net=None):
    """Every slide number beside bpcore's value, as a list of `Row`, in the slides' order."""
    values = computed_values(net)
    rows = []
    for quantity, (symbol, slide, printed) in SLIDE_VALUES.items():
        printed = np.array(printed, dtype=object)
        for index in np.ndindex(printed.shape):
            entry = tuple(i + 1 for i in index)
            computed = float(values[quantity][index])
            ok = agrees(computed, printed[index])
            note = KNOWN_SLIDE_ERRORS.get((quantity, entry), "")
            if not ok and not note:
                note = "DISAGREES beyond the slide's rounding (not a known slide error)"
            rows.append(Row(f"{symbol}_{''.join(map(str, entry))}", slide, printed[index], computed,
                            decimals(printed[index]), ok, note))
    return rows


def format_rows(rows, digits=6):
    """The rows as a fixed-width text table, bpcore's values with `digits` decimals."""
    lines = [f"{'entry':<11} {'slide':>8} {'bpcore':>10}  agrees to the slide's rounding?",
             "-" * 64]
    for r in rows:
        verdict = "yes" if r.agrees else "NO"
        lines.append(f"{r.entry:<11} {r.printed:>8} {r.computed:>10.{digits}f}  {verdict}"
                     + (f"  <- {r.note}" if r.note else ""))
    return "\n".join(lines)
