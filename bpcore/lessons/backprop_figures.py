"""The figures of the notebooks on the four equations (03) and on the algorithm (04).

Each function draws one figure and returns it with the numbers its text alternative and the
prose quote, so the notebook cell is the call and the idea, not the plumbing.
"""
import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import offset_copy

from ..activations import sigmoid, sigmoid_prime
from ..backprop import deltas
from .compat import Dropdown
from .controls import FloatSlider
from .lecture_example import cost_with_nudged_z
from .widgets import LivePlot, interactive

DZ_GRID = np.linspace(-3, 3, 61)


# --- 03: the neuron error as a slope ------------------------------------------------------

class NudgePlot:
    """ΔC against the nudge Δz added to one z^l_j of a network, with the tangent δ^l_j Δz.

    `numbers(neuron, dz)` gives (l, j, δ^l_j, measured ΔC) for neuron "l,j" (j from 1);
    `update(neuron, dz)` redraws: the curve and tangent change with the neuron (a full redraw,
    the y-limits change), the marker with Δz only (blitted).
    """

    def __init__(self, net, x, y):
        self.net, self.x, self.y = net, x, y
        self.C0 = float(cost_with_nudged_z(net, x, y, 2, 0, 0.0))
        (delta2, *rest), _ = deltas(net, x, y)
        self.delta = {l: d[:, 0] for l, d in enumerate([delta2, *rest], start=2)}
        self.live = LivePlot(figsize=(6.4, 3.8))
        ax = self.ax = self.live.axes
        (self.curve,) = ax.plot([], [], "C0-", label=r"measured $\Delta C$")
        (self.tangent,) = ax.plot([], [], "k--", lw=1, label=r"tangent $\delta^l_j\,\Delta z$")
        (self.point,) = ax.plot([], [], "o", color="C3", label=r"the slider's $\Delta z$")
        self.readout = self.live.fig.text(0.57, 0.885, "", ha="center", va="center", fontsize=9.5)
        ax.set_xlabel(r"nudge $\Delta z$ added to $z^l_j$")
        ax.set_ylabel(r"change of the cost $\Delta C$")
        ax.axhline(0, color="0.8", lw=0.8, zorder=0)
        self.legend = ax.legend(loc="best", fontsize=9)
        # fixed margins: the y tick labels change width with the neuron and must never cut the label
        self.live.fig.set_layout_engine("none")
        ax.set_position([0.17, 0.15, 0.80, 0.70])
        self.live.moving(self.point, self.readout)
        self._shown = None
        self._curves = {}   # neuron -> measured ΔC on DZ_GRID

    def numbers(self, neuron, dz):
        l, j = (int(s) for s in neuron.split(","))
        d = float(self.delta[l][j - 1])
        return l, j, d, float(cost_with_nudged_z(self.net, self.x, self.y, l, j - 1, dz)) - self.C0

    def update(self, neuron, dz):
        l, j, d, dC = self.numbers(neuron, dz)
        full = neuron != self._shown
        if full:
            if neuron not in self._curves:   # 61 forward passes: once per neuron
                self._curves[neuron] = [self.numbers(neuron, v)[3] for v in DZ_GRID]
            self.curve.set_data(DZ_GRID, self._curves[neuron])
            self.tangent.set_data(DZ_GRID, d * DZ_GRID)
            # limits from the curve and the tangent alone: with the point in, they would depend on
            # the slider's Δz (and the neuron before), and a scene's cached background would not fit
            self.point.set_data([], [])
            self.ax.relim()
            self.ax.autoscale_view()
            self.ax.set_title(f"Neuron error of $z^{l}_{j}$: $\\delta^{l}_{j}$ = {d:.4f}", fontsize=11, pad=22)
            self._shown = neuron
        self.point.set_data([dz], [dC])
        self.readout.set_text(f"at Δz = {dz:.2f}: ΔC = {dC:.5f}, δΔz = {d * dz:.5f}")
        self.live.describe(
            f"The change of the cost ΔC against the nudge Δz of z^{l}_{j} (curve) and the tangent "
            f"δ^{l}_{j} Δz (dashed), slope δ^{l}_{j} = {d:.4f}. At Δz = {dz:.2f} the cost changes by "
            f"{dC:.5f} against {d * dz:.5f} by the tangent: near Δz = 0 the curve hugs the tangent.")
        self.live.redraw(full=full, scene=neuron)   # a neuron drawn before: its background, no drawing

    def widget(self, neuron="3,1", dz=0.5):
        """The dropdown for the neuron, the Δz slider and the figure (the cell's last expression).
        Each neuron's plot is drawn once now, so that a choice in the menu costs no full draw."""
        sizes = self.net.sizes
        options = [(f"z^{l}_{j}", f"{l},{j}") for l in range(2, len(sizes) + 1) for j in range(1, sizes[l - 1] + 1)]
        for _, other in options:
            if other != neuron:
                self.update(other, dz)
        return interactive(
            self.live, self.update,
            neuron=Dropdown(options=options, value=neuron, description="neuron",
                                    tooltip="the neuron whose weighted input z^l_j is nudged"),
            dz=FloatSlider(value=dz, min=-3, max=3, step=0.05, description="Δz",
                                   tooltip="nudge Δz added to the weighted input z^l_j"))


# --- 04: Backprop Insight 1 -----------------------------------------------------------------

def pixel_gradient_figure(grad_per_pixel, mean_pixel, always_zero):
    """Left: Σ_j |∂C/∂w^2_jk| per pixel k as a 28 × 28 image; right: the same against the
    pixel's mean activation, the always-dark pixels marked apart (marker and label, not colour)."""
    fig = Figure(figsize=(10, 3.9), layout="constrained")
    left, right = fig.subplots(1, 2)
    image = left.imshow(grad_per_pixel.reshape(28, 28), cmap="viridis")
    left.set_title("Weight gradient per input pixel $k$:\n"
                   r"$\sum_{j} |\partial C/\partial w^2_{jk}|$", fontsize=10)
    left.set(xlabel="pixel column", ylabel="pixel row")
    fig.colorbar(image, ax=left)
    right.scatter(mean_pixel[~always_zero], grad_per_pixel[~always_zero], s=8, marker="o",
                  label="pixels that are sometimes on")
    right.scatter(mean_pixel[always_zero], grad_per_pixel[always_zero], s=40, marker="x",
                  color="C1", label=f"the {always_zero.sum()} pixels that are 0\nin every image of the batch")
    right.set_title("Weight gradient against input activation", fontsize=10)
    right.set_xlabel(r"mean input activation $\bar a^1_k$ over the batch")
    right.set_ylabel(r"$\sum_j |\partial C/\partial w^2_{jk}|$")
    right.legend(loc="upper left", fontsize=9)
    return fig


def output_error_figure(a_out, delta_out, Y):
    """|δ^L_j| against a^L_j for every output neuron and example, split by the target (marker
    and colour), with the curves |a − y| a(1 − a) and the two saturated, very wrong corners."""
    fig = Figure(figsize=(6.8, 4.0), layout="constrained")
    ax = fig.subplots()
    a_grid = np.linspace(0, 1, 201)
    for target, marker, color in ((0, "o", "C0"), (1, "^", "C1")):
        chosen = Y == target
        ax.scatter(a_out[chosen], np.abs(delta_out[chosen]), s=6, marker=marker, alpha=0.4, color=color,
                   label=f"examples with target $y_j = {target}$")
        ax.plot(a_grid, np.abs(a_grid - target) * a_grid * (1 - a_grid), "k", lw=0.5)
    # direct labels at the curves' peaks (a = 1/3 for y = 1, a = 2/3 for y = 0, both 4/27): the
    # markers alone are hard to tell apart where the points crowd
    for a_peak, target in ((1 / 3, 1), (2 / 3, 0)):
        ax.text(a_peak, 4 / 27 + 0.006, f"$y_j = {target}$", ha="center", va="bottom", fontsize=10,
                bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="0.5", alpha=0.9))
    ax.annotate("target 0, output near 1:\nvery wrong, yet δ ≈ 0", xy=(0.99, 0.005), xytext=(0.58, 0.05),
                arrowprops={"arrowstyle": "->"}, fontsize=9)
    ax.annotate("target 1, output near 0:\nvery wrong, yet δ ≈ 0", xy=(0.01, 0.005), xytext=(0.1, 0.1),
                arrowprops={"arrowstyle": "->"}, fontsize=9)
    ax.set_title("Output error against output activation:\n"
                 r"$|\delta^L_j| = |a^L_j - y_j|\,a^L_j(1 - a^L_j)$", fontsize=10)
    ax.set_xlabel(r"output activation $a^L_j$")
    ax.set_ylabel(r"$|\delta^L_j|$ (sets $|\partial C/\partial w^L_{jk}|$)")
    ax.set_ylim(0, 0.2)
    ax.legend(markerscale=3, loc="upper right", fontsize=9)
    return fig


# --- 04: Backprop Insight 2 -----------------------------------------------------------------

def softsign_unit(z):
    """f(z) = (1 + softsign(z/2)) / 2 and its derivative f′(z) = 1 / (4 (1 + |z|/2)²)."""
    z = np.asarray(z, dtype=float)
    return 0.5 * (1 + (z / 2) / (1 + np.abs(z / 2))), 1 / (4 * (1 + np.abs(z) / 2) ** 2)


def activation_figure():
    """σ and the rescaled softsign f (left), and their derivatives on a log scale (right)."""
    z = np.linspace(-20, 20, 801)
    f, f_prime = softsign_unit(z)
    fig = Figure(figsize=(10, 3.6), layout="constrained")
    left, right = fig.subplots(1, 2)
    left.plot(z, sigmoid(z), "C0-", label=r"$\sigma(z)$")
    left.plot(z, f, "C1--", label=r"$f(z) = (1 + \mathrm{softsign}(z/2))\,/\,2$")
    left.set(title="Two activation functions from 0 to 1", xlabel="weighted input $z$", ylabel="activation $a$")
    left.legend(loc="lower right", fontsize=9)
    right.semilogy(z, sigmoid_prime(z), "C0-", label=r"$\sigma'(z)$")
    right.semilogy(z, f_prime, "C1--", label=r"$f'(z)$")
    right.set(title="Their derivatives (log scale)", xlabel="weighted input $z$", ylabel="derivative")
    right.legend(fontsize=9)
    return fig


# --- 03: which neuron or weight a step of the derivation talks about ------------------------

def weight_key(ax):
    """A key under a network drawn on `ax` by `drawing.draw_network`: the sign of a weight is
    its colour and line style (blue solid w > 0, vermillion dashed w < 0), its size |w| the
    line's width. Returns the Legend."""
    from .drawing import NEGATIVE, POSITIVE

    handles = [Line2D([], [], linewidth=2.0, **POSITIVE), Line2D([], [], linewidth=2.0, **NEGATIVE),
               Line2D([], [], color="0.3", linewidth=0.6), Line2D([], [], color="0.3", linewidth=4.0)]
    labels = ["weight $w > 0$", "weight $w < 0$", "small $|w|$", "large $|w|$"]
    # below the axes and their "layer l" tick labels, a fixed distance in points whatever the size
    below = offset_copy(ax.transAxes, fig=ax.figure, y=-30, units="points")
    return ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below,
                     ncol=4, fontsize=8, frameon=False, handlelength=2.6, columnspacing=1.4)


def spotlight(net, x, y, neurons=(), weights=(), values=None, title=None, figsize=(6.4, 3.4)):
    """The network drawn by `drawing.draw` with only the given neurons (l, j) and weights
    (l, j, k) in full strength (lecture indices from 1): everything else fades, so the picture
    says which part of the network an equation is about. `values` {(l, j): text} or
    {(l, j, k): text} are written beside those items. A key under the network says how a
    weight's sign and size are drawn (`weight_key`)."""
    from .drawing import draw

    highlight = [("neuron", *n) for n in neurons] + [("w", *w) for w in weights]
    fig = draw(net, x=x, y=y, show=(), highlight=highlight, values=values, figsize=figsize, title=title)
    d = fig.drawing
    for key, line in d.weights.items():
        if key not in weights:
            line.set_alpha(0.18)
            d.weight_text[key].set_visible(False)
        else:   # the label halfway along the line, clear of the values beside the neurons
            (x0, x1), (y0, y1) = line.get_data()
            d.weight_text[key].set_position((x0 + 0.45 * (x1 - x0), y0 + 0.45 * (y1 - y0)))
    for key, circle in d.neurons.items():
        if key not in neurons:
            circle.set_alpha(0.35)
            d.neuron_label[key].set_alpha(0.35)
    weight_key(d.ax)
    return fig
