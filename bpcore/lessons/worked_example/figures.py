"""Notebook 05's figures: the 2-3-2 network with its numbers, and the η study drawn (the cost
after 50 steps against η with 2/λ_max marked, and a slider).

The η numbers come from `eta_study`; every text alternative is computed from the same numbers
as its figure.
"""
import numpy as np

from bpcore.lessons.kit.drawing import WIDTH, draw, legend_text
from bpcore.lessons.kit.figures import MIN_TEXT, new_figure

from .eta_study import ETA_STEPS, ETA_TARGET, REGIMES, classify_run, cost_text, curvature_at_minimum

FLOOR = 1e-12   # costs below are rounding noise; drawn at the floor
# regime -> (colour, marker, filled): told apart by marker shape as well as colour
STYLES = {
    "converges": ("#0072B2", "o", True),
    "overshoots, then settles": ("#009E73", "s", False),
    "overshoots": ("#D55E00", "^", True),
    "saturated": ("#555555", "D", False),
}


def network_figure(net):
    """The 2-3-2 network with every weight w^l_jk and bias b^l_j written on it.
    Returns (Figure, alt text); the alt names the largest weight from the same numbers."""
    fig = draw(net, show=("w", "b"), figsize=(WIDTH, 5.0), title="The 2-3-2 network of the worked example")
    l, j, k = max(((l, j, k) for l in range(2, net.L + 1) for j in range(net.sizes[l - 1])
                   for k in range(net.sizes[l - 2])), key=lambda i: abs(net.w(i[0])[i[1], i[2]]))
    alt = (f"The {'-'.join(map(str, net.sizes))} network: inputs on the left, outputs on the right; every line is "
           f"labelled with its weight w^l_jk, every neuron of layers 2 to {net.L} with its bias b. "
           f"{legend_text()}; the largest weight is w^{l}_{j + 1}{k + 1} = {net.w(l)[j, k]:.2f}.")
    return fig, alt


def _eta(eta):
    """η for text: 3 significant digits, 1000 not 1e+03."""
    return f"{eta:.3g}" if eta < 999.5 else f"{eta:.0f}"


def _range_text(runs, regime):
    etas = [r.eta for r in runs if r.regime == regime]
    return f"{regime} for η from {_eta(min(etas))} to {_eta(max(etas))}" if etas else f"no run {regime}"


def _below_text(runs, edge, steps):
    """What the converging runs' final costs do as η grows, read from the runs (costs below the
    floor count as equal: their last digits are rounding, and differ between machines)."""
    below = [r for r in runs if r.eta < edge]
    finals = [max(r.costs[-1], FLOOR) for r in below]
    floor = [r.eta for r, c in zip(below, finals) if c == FLOOR]
    first = finals.index(min(finals))
    shape = "falls" if all(b <= a for a, b in zip(finals[:first + 1], finals[1:first + 1])) else "mostly falls"
    if not floor:
        return f"Below the line every run's cost after {steps} steps {shape} as η grows, to its lowest near η = {_eta(below[first].eta)}"
    return (f"Below the line every run's cost after {steps} steps {shape} as η grows, down to the floor of 10⁻¹² "
            f"for η from {_eta(min(floor))} to {_eta(max(floor))}"
            + (", then rises again towards the line" if finals[-1] > FLOOR else ""))


def sweep_figure(runs, curvature):
    """The cost after the runs' last step against η (log-log), one marker per run and regime,
    a vertical line at 2/λ_max. `runs`: `eta_study.sweep()`; `curvature`: at the minimum.
    Returns (Figure, alt text)."""
    fig, ax = new_figure((7.2, 3.9))
    steps = len(runs[0].costs) - 1
    for regime, (color, marker, filled) in STYLES.items():
        here = [r for r in runs if r.regime == regime]
        if here:
            ax.plot([r.eta for r in here], [max(r.costs[-1], FLOOR) for r in here], linestyle="none",
                    marker=marker, ms=6, color=color, markerfacecolor=color if filled else "white", label=regime)
    edge = curvature.eta_edge
    ax.axvline(edge, color="black", linestyle="--", linewidth=1)
    ax.annotate(rf"$2/\lambda_{{\max}}$ = {edge:.1f}", (edge, 3e-3), xytext=(-6, 0), textcoords="offset points",
                ha="right", fontsize=11)
    ax.set(xscale="log", yscale="log", ylim=(FLOOR / 10, 1), xlabel="learning rate η (log)",
           ylabel=f"cost after {steps} steps (log)")
    ax.set_title(f"Target y = {tuple(ETA_TARGET)}; costs below 10⁻¹² drawn at 10⁻¹²", fontsize=11)
    ax.legend(loc="lower right", fontsize=MIN_TEXT, framealpha=0.95)
    alt = (f"Log-log plot of the cost after {steps} gradient-descent steps against η from {_eta(runs[0].eta)} to "
           f"{_eta(runs[-1].eta)}, one marker per run, with a dashed vertical line at 2/λ_max = {edge:.1f}. "
           + _below_text(runs, edge, steps) + "; "
           + "; ".join(_range_text(runs, regime) for regime in STYLES)
           + f". Saturated runs end at costs from {min(r.costs[-1] for r in runs if r.regime == 'saturated'):.3f} "
             f"to {max(r.costs[-1] for r in runs if r.regime == 'saturated'):.3f}."
           if any(r.regime == "saturated" for r in runs) else ".")
    return fig, alt


def _steps(n):
    """'1 step', '0 steps', '28 steps'."""
    return f"{n} step" if n == 1 else f"{n} steps"


def eta_explorer(steps=ETA_STEPS, y=ETA_TARGET):
    """A live figure: the cost over `steps` gradient-descent steps for the η of a log slider,
    with ηλ_max (against 2) and the run's regime named beside it. Returns interactive(...)."""
    from bpcore.lessons.kit.controls import FloatLogSlider
    from bpcore.lessons.kit.widgets import LivePlot, interactive
    curvature = curvature_at_minimum(y)
    live = LivePlot(figsize=(7.2, 3.6))
    ax = live.axes
    ax.set_yscale("log")
    # the verdict goes right of the last step, in a margin no run's curve enters
    ax.set(xlim=(0, steps * 1.55), ylim=(FLOOR / 10, 1), xlabel="gradient-descent step",
           ylabel="cost C (log)")
    ax.set_xticks(range(0, steps + 1, 10))
    ax.axvline(steps, color="0.8", linewidth=0.8)
    ax.set_title(rf"target y = {tuple(y)}; $2/\lambda_{{\max}}$ = {curvature.eta_edge:.1f} at the minimum", fontsize=11)
    line, = live.moving(*ax.plot([], [], "o-", ms=3, color="#0072B2"))
    verdict, = live.moving(ax.text(0.99, 0.97, "", transform=ax.transAxes, ha="right", va="top", fontsize=11,
                                   linespacing=1.3, bbox=dict(facecolor="white", edgecolor="0.6")))

    def update(eta):
        run = classify_run(eta, steps, y, edge=curvature.eta_edge)
        product = eta * curvature.lambda_max
        line.set_data(np.arange(steps + 1), np.maximum(run.costs, FLOOR))
        verdict.set_text(rf"η = {eta:.3g}" + "\n" + rf"$\eta\lambda_{{\max}}$ = {product:.2f}" + "\n" + run.regime.replace(", ", ",\n")
                         + f"\nrose in {run.rises}\nof {steps} steps")
        live.describe(f"Cost over {steps} steps for η = {eta:.3g}, target {tuple(y)}; ηλ_max = {product:.2f} "
                      f"({'below' if product < 2 else 'above'} 2): the run {run.regime}: {REGIMES[run.regime]}. "
                      f"The cost goes from {run.costs[0]:.4f} to {cost_text(run.costs[-1])} and rose in "
                      f"{_steps(run.rises)}.")
        live.redraw()

    eta = FloatLogSlider(value=5.0, base=10, min=-1, max=3, step=0.02, description="η",
                         tooltip="learning rate η")
    return interactive(live, update, eta=eta)
