"""Notebook 03's Neuron Error made visible: nudge one weighted input z^l_j and watch the cost.

`NudgePlot` draws ΔC against the nudge Δz with the tangent δ^l_j Δz, live behind a menu of
neurons and a Δz slider; its text alternative is written from the same numbers.
"""
import numpy as np

from bpcore.backprop import deltas
from bpcore.lessons.kit.compat import Dropdown
from bpcore.lessons.kit.controls import FloatSlider
from bpcore.lessons.kit.widgets import LivePlot, interactive
from bpcore.lessons.lecture.example import cost_with_nudged_z

DZ_GRID = np.linspace(-3, 3, 61)

class NudgePlot:
    """ΔC against the nudge Δz added to one z^l_j of a network, with the tangent δ^l_j Δz.

    `numbers(neuron, dz)` gives (l, j, δ^l_j, measured ΔC) for neuron "l,j" (j from 1);
    `update(neuron, dz)` redraws: the curve and tangent change with the neuron (a full redraw,
    the y-limits change), the marker with Δz only (blitted).
    """

    def __init__(self, net, x, y):
        self.net, self.x, self.y = net, x, y
        self.C0 = float(cost_with_nudged_z(net, x, y, 2, 1, 0.0))
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
        return l, j, d, float(cost_with_nudged_z(self.net, self.x, self.y, l, j, dz)) - self.C0

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
