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

How large should η be? `descent_costs` repeats the gradient-descent step on the example;
`classify_run` names a run slow, good, oscillating or stalled by the criteria in `REGIMES`, for
the target ETA_TARGET = (0.3, 0.6) inside (0, 1) (with the slide's y = (1, 1), σ's asymptote, no
step can overshoot, and on this example a larger η was never worse after 50 steps); `regimes_figure`
and `eta_explorer` draw them.
"""
from typing import NamedTuple

import numpy as np

from .. import _validate
from ..activations import sigmoid, sigmoid_prime
from ..backprop import backprop, deltas
from ..costs import get_cost
from ..metrics import cost_value
from ..network import Network
from ..sgd import update_mini_batch

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
    z_L = nudged_weighted_inputs(net, X, l, j, dz, x)[-1]
    return cost.value(sigmoid(z_L), Y, z=z_L)


def nudged_weighted_inputs(net, X, l, j, dz, x=0):
    """The weighted inputs [z^2, ..., z^L] of the columns of X when z^l_j of column `x` becomes
    z^l_j + Δz: the forward pass z^k = w^k a^{k-1} + b^k, a^k = σ(z^k), nudged in one place.
    `X` is a validated (n_1, m) array; `j` and `x` are array indices from 0."""
    a, zs = X, []
    for k, (w, b) in enumerate(zip(net.weights, net.biases), start=2):
        z = w @ a + b
        if k == l:
            z[j, x] += dz
        zs.append(z)
        a = sigmoid(z)
    return zs


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


# --- How large should η be? Repeated gradient-descent steps on the example ---------------
#
# With the slide's target y = (1, 1), σ's asymptote, no step can overshoot: the outputs only
# saturate towards the target, and on this example a larger η was never worse (a sweep of 41 η
# from 0.1 to 1000, 50 steps each). A target inside (0, 1) can be overshot, and then the four
# regimes of gradient descent all appear on this one example.

ETA_TARGET = (0.3, 0.6)     # a target inside (0, 1), for the η study only
ETA_STEPS = 50
REGIME_ETAS = {"slow": 0.2, "good": 5.0, "oscillating": 50.0, "stalled": 500.0}
# Each criterion is checked on the run's costs and its last step, as `classify_run` does:
# only the count of rises looks at every step; the cost itself is judged where the run ends.
REGIMES = {
    "slow": "the cost falls at every step but still ends above 10⁻³",
    "good": "the cost ends below 10⁻⁶: the outputs reach the target",
    "oscillating": "the cost rises in at least 10 of the steps and ends above 10⁻⁴: the steps overshoot",
    "stalled": "the output neurons end saturated (every σ′(z³_j) < 0.01), the cost ends above 0.05 "
               "and changed by less than 10⁻³ over the last 20 steps",
}


def descent_costs(eta, steps=ETA_STEPS, y=ETA_TARGET, net=None):
    """The cost C = ½‖y − a³‖² after 0, 1, ..., `steps` gradient-descent steps with learning
    rate η on the example x = (1, 1), target y; and the trained network (a copy)."""
    net = (network() if net is None else net).copy()
    X1, Y1 = np.array(X).reshape(-1, 1), np.array(y, dtype=float).reshape(-1, 1)
    costs = [cost_value(net, X1, Y1)]
    for _ in range(steps):
        update_mini_batch(net, X1, Y1, eta, COST)
        costs.append(cost_value(net, X1, Y1))
    return np.array(costs), net


def cost_text(c):
    """A cost for print: '< 1e-06' below 10⁻⁶ (where it is mostly rounding noise: a − y ≈ 10⁻⁹
    and smaller), else 2 significant digits, which differences in floating-point arithmetic
    between machines do not reach."""
    return "< 1e-06" if c < 1e-6 else f"{c:.2g}"


class RunEvidence(NamedTuple):
    """What decides a run's regime (see REGIMES)."""
    eta: float
    final_cost: float
    rises: int                # steps after which the cost was higher than before
    last_change: float        # |C_N − C_{N−20}|
    max_sigma_prime: float    # the largest σ′(z^L_j) at the end
    regime: str


def classify_run(eta, steps=ETA_STEPS, y=ETA_TARGET, run=None):
    """Run gradient descent and name its regime by the criteria in REGIMES ('between' if none).
    `run`: the (costs, trained) that `descent_costs(eta, steps, y)` returned, if already at hand."""
    costs, trained = descent_costs(eta, steps, y) if run is None else run
    z_L = trained.forward(np.array(X)).z(trained.L)
    sp = float(np.max(sigmoid_prime(z_L)))
    rises = int(np.sum(np.diff(costs) > 0))
    last_change = float(abs(costs[-1] - costs[-21])) if steps >= 20 else float("inf")
    final = float(costs[-1])
    if sp < 0.01 and final > 0.05 and last_change < 1e-3:
        name = "stalled"
    elif rises >= 10 and final > 1e-4:
        name = "oscillating"
    elif final < 1e-6:
        name = "good"
    elif rises == 0 and final > 1e-3:
        name = "slow"
    else:
        name = "between"
    return RunEvidence(float(eta), final, rises, last_change, sp, name)


def regimes_figure(etas=None, steps=ETA_STEPS, y=ETA_TARGET):
    """The cost against the step for each named η (log scale), told apart by line style and
    marker as well as colour, each labelled at its end. Returns the Figure."""
    from matplotlib.figure import Figure
    etas = REGIME_ETAS if etas is None else etas
    fig = Figure(figsize=(6.4, 3.6), layout="constrained")
    ax = fig.subplots()
    styles = [("#0072B2", "-", "o"), ("#009E73", "--", "s"), ("#D55E00", "-.", "^"), ("#555555", ":", "D")]
    for (name, eta), (color, ls, marker) in zip(etas.items(), styles):
        costs, _ = descent_costs(eta, steps, y)
        ax.plot(np.maximum(costs, 1e-12), color=color, linestyle=ls, marker=marker, markevery=5, ms=4)
        ax.annotate(f"{name}, η = {eta:g}", (steps, max(costs[-1], 1e-12)), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=8, color=color)
    ax.set_yscale("log")
    ax.set_ylim(1e-13, 1)    # a decade below the floor, so a curve drawn flat at 10⁻¹² stays off the axis
    ax.set_xlim(0, steps * 1.35)
    ax.set_xlabel("gradient-descent step")
    ax.set_ylabel(r"cost $C = \frac{1}{2}\|y - a^3\|^2$ (log)")
    ax.set_title(f"Four regimes of η, target y = {tuple(y)} (costs below 10⁻¹² drawn at 10⁻¹²)", fontsize=9)
    return fig


def _steps(n):
    """'1 step', '0 steps', '28 steps'."""
    return f"{n} step" if n == 1 else f"{n} steps"


def eta_explorer(steps=ETA_STEPS, y=ETA_TARGET):
    """A live figure: the cost over `steps` gradient-descent steps for the η of a log slider,
    with the run's regime named in the figure. Returns interactive(...), the cell's last line."""
    from .controls import FloatLogSlider

    from .widgets import LivePlot, interactive
    live = LivePlot(figsize=(6.4, 3.4))
    ax = live.axes
    ax.set_yscale("log")
    # the verdict goes right of the last step, in a margin no run's curve enters
    ax.set(xlim=(0, steps * 1.42), ylim=(1e-13, 1), xlabel="gradient-descent step",
           ylabel=r"cost $C = \frac{1}{2}\|y - a^3\|^2$ (log)")
    ax.set_xticks(range(0, steps + 1, 10))
    ax.axvline(steps, color="0.8", linewidth=0.8)
    ax.set_title(f"target y = {tuple(y)}, x = (1, 1); costs below 10⁻¹² drawn at 10⁻¹²", fontsize=9)
    line, = live.moving(*ax.plot([], [], "o-", ms=3, color="#0072B2"))
    verdict, = live.moving(ax.text(0.99, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=9,
                                   linespacing=1.3, bbox=dict(facecolor="white", edgecolor="0.6")))

    def update(eta):
        costs, trained = descent_costs(eta, steps, y)
        run = classify_run(eta, steps, y, run=(costs, trained))
        line.set_data(np.arange(steps + 1), np.maximum(costs, 1e-12))
        verdict.set_text(f"η = {eta:.3g}\n{run.regime}\ncost rose in\n{run.rises} of {steps} steps")
        live.describe(f"Cost over {steps} steps for η = {eta:.3g}, target {tuple(y)}: the run is {run.regime}; "
                      f"the cost goes from {costs[0]:.4f} to {cost_text(costs[-1])} and rose in {_steps(run.rises)}.")
        live.redraw()

    eta = FloatLogSlider(value=REGIME_ETAS["good"], base=10, min=-1, max=3, step=0.02,
                                 description="η", tooltip="learning rate η (log scale, 0.1 to 1000)")
    return interactive(live, update, eta=eta)
