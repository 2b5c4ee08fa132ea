"""The live figures of notebook 06: σ and σ′ with a z slider (`SigmaPrimePlot`), and the
weight-scale study with an s slider (`WeightScaleView`). Each figure's text alternative is
computed from the numbers it draws."""
import math

import numpy as np
from matplotlib.ticker import MaxNLocator

from bpcore.activations import sigmoid, sigmoid_prime
from bpcore.lessons.kit.controls import FloatLogSlider, FloatSlider
from bpcore.lessons.kit.figures import MIN_TEXT
from bpcore.lessons.kit.widgets import LivePlot, interactive
from bpcore.lessons.lecture.saturation import SATURATION_Z, saturated_share, sigma_prime_ratio

__all__ = ["SigmaPrimePlot", "WeightScaleView"]



class SigmaPrimePlot:
    """σ(z) and σ′(z) on −10 ≤ z ≤ 10, with the point (z, σ′(z)) marked by `update(z)`.

    `widget()` returns the plot and a "z" slider; `update(z)` moves the marker, redraws only
    what moved and returns `sigma_prime_ratio(z)` = (σ′(z), σ′(z)/σ′(0)).
    """

    def __init__(self):
        self.live = LivePlot(figsize=(7.2, 3.8))
        ax = self.live.axes
        z = np.linspace(-10, 10, 401)
        ax.plot(z, sigmoid(z), color="C0", linewidth=2)
        ax.plot(z, sigmoid_prime(z), color="C1", linewidth=2, linestyle="--")
        ax.axhline(0.25, color="gray", linestyle=":")
        # direct labels: the curves differ by line style and name, not only by colour
        ax.text(6.0, 0.88, r"$\sigma(z)$", color="C0", fontsize=12)
        ax.text(1.2, 0.18, r"$\sigma'(z)$ (dashed)", color="C1", fontsize=11)
        ax.text(-9.6, 0.27, r"$1/4 = \sigma'(0)$", color="dimgray", fontsize=MIN_TEXT)
        for side in (-1, 1):  # the saturated regions
            ax.axvspan(side * SATURATION_Z, side * 10, color="gray", alpha=0.12, lw=0)
            ax.text(side * 7.3, 0.5, "saturated", ha="center", color="dimgray", fontsize=MIN_TEXT)
        self.marker, = ax.plot([], [], "o", color="black", markersize=7)
        self.guide, = ax.plot([], [], color="black", linewidth=0.8, linestyle="--")
        self.text = ax.text(-9.6, 0.97, "", va="top", family="monospace", fontsize=MIN_TEXT)
        ax.set(xlim=(-10, 10), ylim=(-0.02, 1.02), xlabel="weighted input $z$", ylabel="value")
        ax.set_title(r"$\sigma$ and $\sigma'$ (shaded: saturated, $|z| > \ln 99$)", fontsize=11)
        self.live.moving(self.marker, self.guide, self.text)
        self.slider = None

    @staticmethod
    def describe(z):
        """The figure's text alternative for the marker at z."""
        value, ratio = sigma_prime_ratio(z)
        where = "saturated, |z| > ln 99" if abs(z) > SATURATION_Z else "not saturated"
        return (f"σ (solid) and σ′ (dashed) against z from −10 to 10; the marker at z = {z:.2f} "
                f"({where}), where σ′(z) = {value:.2e}, {ratio:.1%} of its largest value 1/4")

    def update(self, z):
        """Mark (z, σ′(z)), redraw the marker and its text, return (σ′(z), σ′(z)/σ′(0))."""
        z = float(z)
        value, ratio = sigma_prime_ratio(z)
        self.marker.set_data([z], [value])
        self.guide.set_data([z, z], [0, value])
        self.text.set_text(f"z = {z:+.2f}\nσ′(z) = {value:.2e}\nσ′(z)/σ′(0) = {ratio:.2e}")
        self.live.describe(self.describe(z))
        self.live.redraw()
        return value, ratio

    def widget(self, z=2.0):
        """The z slider (continuous: σ′ is cheap) and the plot."""
        self.slider = FloatSlider(value=z, min=-10.0, max=10.0, step=0.05, description="z",
                                  readout_format=".2f", tooltip="weighted input z of the neuron")
        return interactive(self.live, self.update, continuous=True, z=self.slider)


class WeightScaleView:
    """The live figure of a `weight_scale.WeightScaleStudy`: an s slider (log scale, 0.1 to
    about 30, acts on release) and three panels: the histograms of the hidden z^2 and of the
    output z^3 with their saturated shares, and the cost per epoch next to the run with
    s = `reference` (dashed)."""

    Z_EDGES = np.linspace(-25, 25, 101)

    def __init__(self, study, reference=1.0):
        self.study, self.reference = study, reference
        self.live = LivePlot(1, 3, figsize=(11.5, 3.8))
        ax_h, ax_o, ax_c = self.live.axes
        self.hists, self.texts = [], []
        for ax, name in ((ax_h, "hidden layer: $z^2_j$"), (ax_o, "output layer: $z^3_j$")):
            hist = ax.stairs(np.zeros(len(self.Z_EDGES) - 1), self.Z_EDGES, fill=True, color="C0")
            for side in (-1, 1):
                ax.axvspan(side * SATURATION_Z, side * 25, color="gray", alpha=0.12, lw=0)
            ax.set(xlim=(-25, 25), ylim=(0, 0.35), xlabel=f"weighted input {name[name.index('$'):]}",
                   ylabel="share of (neuron, image) pairs")
            ax.set_title(f"{name} (shaded: saturated)", fontsize=11)
            self.hists.append(hist)
            self.texts.append(ax.text(-24, 0.34, "", va="top", fontsize=MIN_TEXT, family="monospace"))
        ref = study.compute(reference)
        epochs = np.arange(study.epochs + 1)
        ax_c.plot(epochs, ref.costs, "s--", color="gray", label=f"s = {reference:g} (reference)")
        self.cost_line, = ax_c.plot(epochs, ref.costs, "o-", color="C0", label="s from the slider")
        ax_c.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax_c.set(xlabel="epoch", ylabel="quadratic cost $C$", ylim=(0, 1.8))
        ax_c.set_title(f"SGD on the training images, η = {study.eta:g}, m = {study.batch_size}", fontsize=11)
        ax_c.legend(loc="upper right", fontsize=MIN_TEXT)
        self.live.moving(*self.hists, *self.texts, self.cost_line)
        self.slider = None

    def describe(self, result):
        """The text alternative of the figure for one result."""
        return (f"Histograms of the hidden z² and the output z³ at initialisation for {result.label}: "
                f"{result.hidden_saturated:.1%} of hidden and {result.output_saturated:.1%} of output "
                f"(neuron, image) pairs start saturated; the quadratic cost falls from "
                f"{result.costs[0]:.2f} to {result.costs[-1]:.3f} in {len(result.costs) - 1} epochs "
                f"(dashed: the reference s = {self.reference:g}); test accuracy {result.test_accuracy:.2%}")

    def update(self, scale):
        """Recompute for `scale` (or take it from the study's cache), redraw, return the result."""
        result = self.study.compute(scale)
        for hist, text, z in zip(self.hists, self.texts, (result.z_hidden, result.z_output)):
            hist.set_data(np.histogram(np.clip(z, -25, 25), self.Z_EDGES)[0] / z.size)
            text.set_text(f"{result.label}\nsaturated: {saturated_share(z):.1%}")
        self.texts[0].set_text(self.texts[0].get_text() + f"\nmean σ′: {result.mean_sigma_prime:.3f}")
        self.texts[1].set_text(self.texts[1].get_text() + f"\ntest acc.: {result.test_accuracy:.2%}")
        self.cost_line.set_ydata(result.costs)
        self.live.describe(self.describe(result))
        self.live.redraw()
        return result

    def widget(self, scale=1.0):
        """The s slider and the figure."""
        self.slider = FloatLogSlider(value=scale, base=10, min=-1, max=1.5, step=0.05,
                                     description="s", readout_format=".3g",
                                     tooltip="weight scale s: hidden weights w² ~ N(0, s²/784)")
        # A run takes about 0.1 s, more than a slider step may (100 ms from key to figure):
        # every position is computed in the background, nearest first, while the student reads.
        shown = interactive(self.live, self.update, continuous=False, scale=self.slider)
        self.study.precompute(sorted(self.slider.positions, key=lambda s: abs(math.log(s / scale))))
        return shown
