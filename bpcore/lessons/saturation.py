"""Saturation: where σ′(z) is small, and what that does to learning.

BP1 and BP2 multiply every error by σ′(z^l), and σ′(z) = σ(z)(1 − σ(z)) is at most 1/4 (at
z = 0) and falls like e^{−|z|} away from it. A neuron whose weighted input z is far from 0 is
*saturated*: its output hardly moves when z moves, so its δ is small and, by BP3 and BP4, so
are the gradients of its weights and bias. It learns slowly.

Here a neuron counts as saturated when σ(z) is within 0.01 of 0 or 1, that is when
|z| > ln 99 ≈ 4.595, where σ′(z) < σ′(ln 99) = 0.99 × 0.01 = 0.0099, less than 4% of its
largest value 1/4.

The module holds what notebook 06 shows: the σ′ plot with its z slider (`SigmaPrimePlot`),
the weight-scale study (`WeightScaleStudy`: the hidden layer's initial weights scaled, every
other parameter as in the reference initialisation), the single saturated neuron trained with
two costs (`single_neuron_costs`) and the gradient's size per layer (`bias_gradient_norms`).
Left out: other activation functions, other initialisations than N(0, s²/n_{l−1}).
"""
import numpy as np
from matplotlib.ticker import MaxNLocator

from ..activations import sigmoid, sigmoid_prime
from ..backprop import backprop
from ..metrics import accuracy, cost_value
from ..network import Network
from ..sgd import sgd, update_mini_batch
from .controls import FloatLogSlider, FloatSlider
from .widgets import LivePlot, interactive

__all__ = ["SATURATION_Z", "saturated_share", "SigmaPrimePlot", "WeightScaleStudy",
           "ScaleResult", "hidden_scaled_network", "single_neuron_costs", "bias_gradient_norms"]

SATURATION_Z = float(np.log(99))
"""|z| beyond which a sigmoid neuron counts as saturated: σ(z) < 0.01 or σ(z) > 0.99."""


def saturated_share(z):
    """The fraction of the entries of z with |z| > ln 99 (σ(z) within 0.01 of 0 or 1)."""
    return float(np.mean(np.abs(z) > SATURATION_Z))


# ---------------------------------------------------------------------------- σ and σ′
class SigmaPrimePlot:
    """σ(z) and σ′(z) on −10 ≤ z ≤ 10, with the point (z, σ′(z)) marked by `update(z)`.

    `widget()` returns the plot and a "z" slider; `update(z)` moves the marker, redraws only
    what moved and returns `values(z)` = (σ′(z), σ′(z)/σ′(0)), where σ′(0) = 1/4 is the
    largest value σ′ takes.
    """

    def __init__(self):
        self.live = LivePlot(figsize=(6.4, 3.6))
        ax = self.live.axes
        z = np.linspace(-10, 10, 401)
        ax.plot(z, sigmoid(z), color="C0", linewidth=2)
        ax.plot(z, sigmoid_prime(z), color="C1", linewidth=2, linestyle="--")
        ax.axhline(0.25, color="gray", linestyle=":")
        # direct labels: the curves differ by line style and name, not only by colour
        ax.text(6.2, 0.9, r"$\sigma(z)$", color="C0", fontsize=12)
        ax.text(1.2, 0.2, r"$\sigma'(z)$ (dashed)", color="C1", fontsize=11)
        ax.text(-9.6, 0.27, r"$1/4 = \sigma'(0)$", color="dimgray", fontsize=9)
        for side in (-1, 1):  # the saturated regions
            ax.axvspan(side * SATURATION_Z, side * 10, color="gray", alpha=0.12, lw=0)
        ax.text(-7.3, 0.5, "saturated", ha="center", color="dimgray", fontsize=9)
        ax.text(7.3, 0.5, "saturated", ha="center", color="dimgray", fontsize=9)
        self.marker, = ax.plot([], [], "o", color="black", markersize=7)
        self.guide, = ax.plot([], [], color="black", linewidth=0.8, linestyle="--")
        self.text = ax.text(-9.6, 0.95, "", va="top", family="monospace", fontsize=10)
        ax.set(xlim=(-10, 10), ylim=(-0.02, 1.02), xlabel="weighted input $z$", ylabel="value",
               title=r"$\sigma$ and $\sigma'$ (shaded: saturated, $|z| > \ln 99$)")
        self.live.moving(self.marker, self.guide, self.text)
        self.slider = None

    @staticmethod
    def values(z):
        """(σ′(z), σ′(z)/σ′(0)): the numbers the plot shows for z."""
        sp = float(sigmoid_prime(z))
        return sp, sp / 0.25

    @staticmethod
    def describe(z):
        """The figure's text alternative for the marker at z."""
        sp, ratio = SigmaPrimePlot.values(z)
        where = "saturated, |z| > ln 99" if abs(z) > SATURATION_Z else "not saturated"
        return (f"σ (solid) and σ′ (dashed) against z from −10 to 10; the marker at z = {z:.2f} "
                f"({where}), where σ′(z) = {sp:.2e}, {ratio:.1%} of its largest value 1/4")

    def update(self, z):
        """Mark (z, σ′(z)), redraw the marker and its text, return (σ′(z), σ′(z)/σ′(0))."""
        z = float(z)
        sp, ratio = self.values(z)
        self.marker.set_data([z], [sp])
        self.guide.set_data([z, z], [0, sp])
        self.text.set_text(f"z = {z:+.2f}\nσ′(z) = {sp:.2e}  ≤ 1/4\nσ′(z)/σ′(0) = {ratio:.2e}")
        self.live.describe(self.describe(z))
        self.live.redraw()
        return sp, ratio

    def widget(self, z=2.0):
        """The z slider (continuous: σ′ is cheap) and the plot."""
        self.slider = FloatSlider(value=z, min=-10.0, max=10.0, step=0.05, description="z",
                                          readout_format=".2f", tooltip="weighted input z of the neuron")
        return interactive(self.live, self.update, continuous=True, z=self.slider)


# ------------------------------------------------------------------ weight scale study
def hidden_scaled_network(sizes, scale, seed=0):
    """`Network(sizes, seed, init="scaled")` with the hidden layer's weights multiplied by s:

        w^2_{jk} ~ N(0, s²/n_1),   every other weight and every bias as in the reference
                                   Network(sizes, seed, init="scaled"), bit for bit.

    s = 1 is the reference (w^l ~ N(0, 1/n_{l−1})); s = √n_1 (28 for MNIST's 784 inputs) gives
    w^2 the N(0, 1) weights of `init="standard"` (to rounding: s · (w/√n_1) may differ from w
    in the last bit), the initialisation of Nielsen's network.py, while the output layer keeps
    its N(0, 1/n_{L−1}) weights.
    """
    try:
        s = float(scale)
    except (TypeError, ValueError):
        s = float("nan")
    if not (np.isfinite(s) and s > 0):
        raise ValueError(f"scale must be a positive number (the factor s on w^2's N(0, 1/n_1) weights, "
                         f"e.g. 1 or 28), got {scale!r}")
    net = Network(sizes, seed=seed, init="scaled")
    net.weights[0] *= s
    return net


class ScaleResult:
    """What `WeightScaleStudy` measured for one initial network.

    label : what was varied ("s = 28", ...)
    z_hidden, z_output : z^2 (n_hidden, n_images) and z^L (10, n_images) at initialisation
    hidden_saturated, output_saturated : share of (neuron, image) pairs with |z| > ln 99
    mean_sigma_prime : mean of σ′(z^2) over (neuron, image) pairs
    costs : quadratic cost C on the training images before training and after each epoch
    test_accuracy : test accuracy after the last epoch
    """

    def __init__(self, label, z_hidden, z_output, costs, test_accuracy):
        self.label, self.z_hidden, self.z_output = label, z_hidden, z_output
        self.hidden_saturated = saturated_share(z_hidden)
        self.output_saturated = saturated_share(z_output)
        self.mean_sigma_prime = float(np.mean(sigmoid_prime(z_hidden)))
        self.costs, self.test_accuracy = costs, test_accuracy

    def summary(self):
        """One line of the key numbers at a precision BLAS differences cannot reach: costs to
        3 decimals (their spread across BLAS kernels is below 1e-15), saturated shares to 0.1%,
        the test accuracy exactly (a count of test images, to 0.01%)."""
        costs = ", ".join(f"{c:.3f}" for c in self.costs)
        return (f"{self.label:>7}: saturated hidden {self.hidden_saturated:5.1%}, "
                f"output {self.output_saturated:5.1%};  mean σ′(z²) {self.mean_sigma_prime:.3f};  "
                f"C per epoch {costs};  test accuracy {self.test_accuracy:.2%}")

    def __repr__(self):
        return f"<ScaleResult {self.summary()}>"


class WeightScaleStudy:
    """Scale the hidden layer's initial weights of a [784, hidden, 10] network, w^2 ~ N(0, s²/784),
    keep every other parameter as the reference `init="scaled"`, and measure: how the hidden z^2
    and the output z^3 spread on MNIST inputs, how many start saturated, and how fast a short SGD
    run (quadratic cost) brings the cost down.

    The run: `epochs` epochs of mini-batches of m = `batch_size` with η = `eta` on the first
    `n_train` training images, accuracy on the test images. Every seed is fixed; results are
    cached by s, so a slider position already visited answers at once.
    """

    Z_EDGES = np.linspace(-25, 25, 101)

    def __init__(self, X, labels, X_test, labels_test, n_train=2000, hidden=30, epochs=3,
                 batch_size=10, eta=3.0, seed=0):
        self.X, self.labels = X[:, :n_train], labels[:n_train]
        self.test = (X_test, labels_test)
        self.sizes = [X.shape[0], hidden, 10]
        self.epochs, self.batch_size, self.eta, self.seed = epochs, batch_size, eta, seed
        self.live = self.slider = None
        self._reference = 1.0
        self._cache = {}

    def measure(self, net, label):
        """Measure z^2, z^3 and their saturation for `net`, train it (in place) and return a
        ScaleResult."""
        forward = net.forward(self.X)
        costs = [cost_value(net, self.X, self.labels)]
        history = sgd(net, self.X, self.labels, epochs=self.epochs, batch_size=self.batch_size,
                      eta=self.eta, seed=self.seed)
        return ScaleResult(label, forward.z(2), forward.z(3), costs + history.train_cost,
                           accuracy(net, *self.test))

    def compute(self, scale):
        """The ScaleResult for the hidden weight scale s = `scale` (cached)."""
        net = hidden_scaled_network(self.sizes, scale, seed=self.seed)   # checks scale
        key = round(float(scale), 9)
        if key not in self._cache:
            self._cache[key] = self.measure(net, f"s = {key:.3g}")
        return self._cache[key]

    def compute_standard(self):
        """For comparison: N(0, 1) weights in every layer (`init="standard"`, network.py's)."""
        return self.measure(Network(self.sizes, seed=self.seed, init="standard"), "N(0, 1)")

    def widget(self, scale=1.0, reference=1.0):
        """A weight-scale slider (log scale, 0.1 to about 30, acts on release) and three panels:
        the histograms of the hidden z^2 and of the output z^3 with their saturated shares, and
        the cost per epoch next to the run with s = `reference` (dashed)."""
        self.live = LivePlot(1, 3, figsize=(11, 3.4))
        ax_h, ax_o, ax_c = self.live.axes
        self._hists, self._texts = [], []
        for ax, name in ((ax_h, "hidden layer: $z^2_j$"), (ax_o, "output layer: $z^3_j$")):
            hist = ax.stairs(np.zeros(len(self.Z_EDGES) - 1), self.Z_EDGES, fill=True, color="C0")
            for side in (-1, 1):
                ax.axvspan(side * SATURATION_Z, side * 25, color="gray", alpha=0.12, lw=0)
            ax.set(xlim=(-25, 25), ylim=(0, 0.35), xlabel=f"weighted input, {name[name.index('$'):]}",
                   ylabel="share of (neuron, image) pairs", title=f"{name} (shaded: saturated)")
            self._hists.append(hist)
            self._texts.append(ax.text(-24, 0.33, "", va="top", fontsize=9, family="monospace"))
        ref, self._reference = self.compute(reference), reference
        epochs = np.arange(self.epochs + 1)
        ax_c.plot(epochs, ref.costs, "s--", color="gray", label=f"s = {reference:g} (reference)")
        self._cost_line, = ax_c.plot(epochs, ref.costs, "o-", color="C0", label="s from the slider")
        ax_c.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax_c.set(xlabel="epoch", ylabel="quadratic cost $C$ (training images)", ylim=(0, 1.8),
                 title=f"SGD, η = {self.eta:g}, m = {self.batch_size}")
        ax_c.legend(loc="upper right")
        self.live.moving(*self._hists, *self._texts, self._cost_line)
        self.slider = FloatLogSlider(value=scale, base=10, min=-1, max=1.5, step=0.05,
                                             description="s", readout_format=".3g",
                                             tooltip="weight scale s: hidden weights w² ~ N(0, s²/784)")
        # a run takes about 0.1 s (and a visited s is cached): no progress bar needed
        return interactive(self.live, self.update, continuous=False, scale=self.slider)

    def describe(self, result):
        """The text alternative of the widget's figure for one result."""
        return (f"Histograms of the hidden z² and the output z³ at initialisation for {result.label}: "
                f"{result.hidden_saturated:.1%} of hidden and {result.output_saturated:.1%} of output "
                f"(neuron, image) pairs start saturated; the quadratic cost falls from "
                f"{result.costs[0]:.2f} to {result.costs[-1]:.3f} in {len(result.costs) - 1} epochs "
                f"(dashed: the reference s = {self._reference:g}); test accuracy {result.test_accuracy:.2%}")

    def update(self, scale):
        """Recompute for `scale` (or take it from the cache), redraw the widget's figure (if
        any) and return the result."""
        result = self.compute(scale)
        if self.live is None:
            return result
        for hist, text, z in zip(self._hists, self._texts, (result.z_hidden, result.z_output)):
            hist.set_data(np.histogram(np.clip(z, -25, 25), self.Z_EDGES)[0] / z.size)
            text.set_text(f"{result.label}\nsaturated: {saturated_share(z):.1%}")
        self._texts[0].set_text(self._texts[0].get_text() + f"\nmean σ′: {result.mean_sigma_prime:.3f}")
        self._texts[1].set_text(self._texts[1].get_text() + f"\ntest acc.: {result.test_accuracy:.2%}")
        self._cost_line.set_ydata(result.costs)
        self.live.describe(self.describe(result))
        self.live.redraw()
        return result


# -------------------------------------------------------- one saturated neuron, two costs
def single_neuron_costs(w=2.0, b=2.0, x=1.0, y=0.0, eta=0.15, epochs=300):
    """Train one sigmoid neuron a = σ(wx + b) on the single example (x, y) by gradient
    descent, once with the quadratic cost and once with the cross-entropy, from the same
    start. Returns {cost name: array of C after 0, 1, ..., epochs steps} and
    {cost name: array of the output a after each step}.

    With w = b = 2, x = 1, y = 0 the neuron starts at a = σ(4) ≈ 0.98, badly wrong and
    saturated: the quadratic cost's δ = (a − y)σ′(z) is tiny, the cross-entropy's δ = a − y
    is not.
    """
    costs, outputs = {}, {}
    X, Y = np.array([[x]]), np.array([[y]])
    for cost in ("quadratic", "cross-entropy"):
        net = Network.from_params([[[w]]], [[b]])
        c, a = [cost_value(net, X, Y, cost)], [float(net.feedforward(X)[0, 0])]
        for _ in range(epochs):
            update_mini_batch(net, X, Y, eta, cost)
            c.append(cost_value(net, X, Y, cost))
            a.append(float(net.feedforward(X)[0, 0]))
        costs[cost], outputs[cost] = np.array(c), np.array(a)
    return costs, outputs


# ------------------------------------------------------------- gradient size per layer
def bias_gradient_norms(sizes, X, Y, seeds=range(5), init="standard", cost="quadratic"):
    """||∂C/∂b^l|| for l = 2..L at initialisation, one row per seed: an array of shape
    (len(seeds), L − 1) whose column l − 2 is layer l.

    ∂C/∂b^l = δ^l (BP3, averaged over the columns of X), so this measures how fast each
    layer's biases start to learn; by BP2 each step back multiplies by (w^{l+1})^T and by
    σ′(z^l) ≤ 1/4.
    """
    rows = []
    for seed in seeds:
        nabla_b, _ = backprop(Network(sizes, seed=seed, init=init), X, Y, cost)
        rows.append([float(np.linalg.norm(nb)) for nb in nabla_b])
    return np.array(rows)
