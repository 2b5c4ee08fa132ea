"""Saturation: where σ′(z) is small, and what that does to learning.

BP1 and BP2 multiply every error by σ′(z^l), and σ′(z) = σ(z)(1 − σ(z)) is at most 1/4 (at
z = 0) and falls like e^{−|z|} away from it. A neuron whose weighted input z is far from 0 is
*saturated*: its output hardly moves when z moves, so its δ is small and, by BP3 and BP4, so
are the gradients of its weights and bias. It learns slowly.

Here a neuron counts as saturated when σ(z) is within 0.01 of 0 or 1, that is when
|z| > ln 99 ≈ 4.595, where σ′(z) < 0.0098, less than 4% of its largest value 1/4.

The module holds what notebook 05 shows: the σ′ plot with its z slider (`SigmaPrimePlot`),
the weight-scale study (`WeightScaleStudy`), the single saturated neuron trained with two
costs (`single_neuron_costs`) and the gradient's size per layer (`bias_gradient_norms`).
Left out: other activation functions and other initialisations than N(0, s²/n_{l−1}).
"""
import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from ..activations import sigmoid, sigmoid_prime
from ..backprop import backprop
from ..metrics import accuracy, cost_value
from ..network import Network
from ..sgd import sgd, update_mini_batch
from .widgets import LivePlot, controls

__all__ = ["SATURATION_Z", "saturated_share", "SigmaPrimePlot", "WeightScaleStudy",
           "ScaleResult", "scaled_network", "single_neuron_costs", "bias_gradient_norms"]

SATURATION_Z = float(np.log(99))
"""|z| beyond which a sigmoid neuron counts as saturated: σ(z) < 0.01 or σ(z) > 0.99."""


def saturated_share(z):
    """The fraction of the entries of z with |z| > ln 99 (σ(z) within 0.01 of 0 or 1)."""
    return float(np.mean(np.abs(z) > SATURATION_Z))


# ---------------------------------------------------------------------------- σ and σ′
class SigmaPrimePlot:
    """σ(z) and σ′(z) on −10 ≤ z ≤ 10, with the point (z, σ′(z)) marked by `update(z)`.

    `widget()` returns the plot and a "z" slider; `update(z)` moves the marker, redraws and
    returns `values(z)` = (σ′(z), σ′(z)/σ′(0)), where σ′(0) = 1/4 is the largest value σ′
    takes.
    """

    def __init__(self):
        self.plot = LivePlot(figsize=(6.4, 3.6), dpi=80)
        ax = self.plot.axes
        z = np.linspace(-10, 10, 401)
        ax.plot(z, sigmoid(z), label=r"$\sigma(z)$")
        ax.plot(z, sigmoid_prime(z), label=r"$\sigma'(z)$")
        ax.axhline(0.25, color="gray", linestyle=":", label=r"$\sigma'(0) = 1/4$")
        for side in (-1, 1):  # the saturated regions
            ax.axvspan(side * SATURATION_Z, side * 10, color="gray", alpha=0.12, lw=0)
        self.marker, = ax.plot([], [], "o", color="C1", markersize=8)
        self.guide, = ax.plot([], [], color="C1", linewidth=0.8, linestyle="--")
        self.text = ax.text(-9.6, 0.93, "", va="top", family="monospace", fontsize=10)
        ax.set(xlim=(-10, 10), ylim=(-0.02, 1.02), xlabel="weighted input $z$",
               ylabel="value", title=r"$\sigma$ and $\sigma'$ (shaded: saturated, $|z| > \ln 99$)")
        ax.legend(loc="center right")

    @staticmethod
    def values(z):
        """(σ′(z), σ′(z)/σ′(0)): the numbers the plot shows for z."""
        sp = float(sigmoid_prime(z))
        return sp, sp / 0.25

    def update(self, z):
        """Mark (z, σ′(z)) and return (σ′(z), σ′(z)/σ′(0))."""
        sp, ratio = self.values(z)
        self.marker.set_data([z], [sp])
        self.guide.set_data([z, z], [0, sp])
        self.text.set_text(f"z = {z:+.2f}\nσ′(z) = {sp:.2e}  ≤ 1/4\nσ′(z)/σ′(0) = {ratio:.2e}")
        self.plot.redraw()
        return sp, ratio

    def widget(self, z=2.0):
        slider = widgets.FloatSlider(value=z, min=-10.0, max=10.0, step=0.05, description="z",
                                     readout_format=".2f")
        return widgets.VBox([controls(lambda z: self.update(z), continuous=True, z=slider),
                             self.plot.widget])


# ------------------------------------------------------------------ weight scale study
def scaled_network(sizes, scale, seed=0):
    """A network with weights w^l_{jk} ~ N(0, scale²/n_{l−1}) and biases b^l_j ~ N(0, 1).

    scale = 1 is `Network(sizes, init="scaled")`; scale = √n_{l−1} gives the N(0, 1) weights
    of `init="standard"` (√784 = 28 for the first layer of an MNIST network).
    """
    net = Network(sizes, seed=seed, init="scaled")
    for w in net.weights:
        w *= scale
    return net


class ScaleResult:
    """What `WeightScaleStudy.compute` measured for one weight scale s.

    z : hidden weighted inputs z^2 (n_hidden, n_images) at initialisation
    sigma_prime : σ′(z^2), same shape
    saturated : share of (neuron, image) pairs with |z^2| > ln 99
    costs : quadratic cost C on the training images before training and after each epoch
    test_accuracy : test accuracy after the last epoch
    """

    def __init__(self, scale, z, sigma_prime, saturated, costs, test_accuracy):
        self.scale, self.z, self.sigma_prime = scale, z, sigma_prime
        self.saturated, self.costs, self.test_accuracy = saturated, costs, test_accuracy

    def __repr__(self):
        return (f"<ScaleResult s={self.scale:.3g}: saturated {self.saturated:.3f}, "
                f"mean σ′ {self.sigma_prime.mean():.4f}, final cost {self.costs[-1]:.4f}, "
                f"test accuracy {self.test_accuracy:.4f}>")


class WeightScaleStudy:
    """Initial weights w^l_{jk} ~ N(0, s²/n_{l−1}) for a [784, hidden, 10] network: how the
    hidden z^2 and σ′(z^2) spread on MNIST inputs, how many hidden neurons start saturated,
    and how fast a short SGD run (quadratic cost) brings the cost down.

    The run: `epochs` epochs of mini-batches of m = `batch_size` with η = `eta` on the first
    `n_train` training images, accuracy on the test images. Every seed is fixed.
    """

    Z_EDGES = np.linspace(-25, 25, 101)
    SP_EDGES = np.linspace(0, 0.25, 51)

    def __init__(self, X, labels, X_test, labels_test, n_train=2000, hidden=30, epochs=3,
                 batch_size=10, eta=3.0, seed=0):
        self.X, self.labels = X[:, :n_train], labels[:n_train]
        self.test = (X_test, labels_test)
        self.sizes = [X.shape[0], hidden, 10]
        self.epochs, self.batch_size, self.eta, self.seed = epochs, batch_size, eta, seed
        self.plot = None

    def compute(self, scale, callback=None):
        """Initialise with weight scale s = `scale`, measure z^2 and σ′(z^2), train, and
        return a ScaleResult. `callback(history)` runs after each epoch (progress)."""
        net = scaled_network(self.sizes, scale, seed=self.seed)
        z = net.forward(self.X).z(2)
        costs = [cost_value(net, self.X, self.labels)]
        history = sgd(net, self.X, self.labels, epochs=self.epochs, batch_size=self.batch_size,
                      eta=self.eta, seed=self.seed, callback=callback)
        costs += history.train_cost
        return ScaleResult(scale, z, sigmoid_prime(z), saturated_share(z), costs,
                           accuracy(net, *self.test))

    def widget(self, scale=1.0, reference=1.0):
        """A "weight scale" slider (log scale, 0.1 to 30, on release), a progress bar, and
        three panels: the histogram of z^2, of σ′(z^2), and the cost per epoch next to the
        run with scale `reference`."""
        self.plot = LivePlot(1, 3, figsize=(11, 3.4), dpi=80)
        ax_z, ax_sp, ax_c = self.plot.axes
        self._z_hist = ax_z.stairs(np.zeros(len(self.Z_EDGES) - 1), self.Z_EDGES, fill=True)
        for side in (-1, 1):
            ax_z.axvspan(side * SATURATION_Z, side * 25, color="gray", alpha=0.12, lw=0)
        ax_z.set(xlim=(-25, 25), ylim=(0, 0.35), xlabel=r"hidden weighted input $z^2_j$",
                 ylabel="share of (neuron, image) pairs", title=r"$z^2$ on MNIST (shaded: saturated)")
        self._sp_hist = ax_sp.stairs(np.ones(len(self.SP_EDGES) - 1), self.SP_EDGES, fill=True,
                                     color="C1")
        ax_sp.set(xlim=(0, 0.25), ylim=(1e-4, 1), yscale="log", xlabel=r"$\sigma'(z^2_j)$",
                  ylabel="share (log scale)", title=r"$\sigma'(z^2)$: at most $1/4$")
        ref = self.compute(reference)
        epochs = np.arange(self.epochs + 1)
        ax_c.plot(epochs, ref.costs, color="gray", linestyle="--", label=f"s = {reference:g}")
        self._cost_line, = ax_c.plot(epochs, ref.costs, "o-", color="C0", label="s = ")
        ax_c.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax_c.set(xlabel="epoch", ylabel="quadratic cost $C$ (training images)", ylim=(0, 3),
                 title=f"SGD, η = {self.eta:g}, m = {self.batch_size}")
        self._legend_ax = ax_c
        self._text = ax_z.text(-24, 0.33, "", va="top", fontsize=9, family="monospace")
        self.progress = widgets.IntProgress(value=0, min=0, max=self.epochs, description="training")
        slider = widgets.FloatLogSlider(value=scale, base=10, min=-1, max=1.5, step=0.05,
                                        description="weight scale", readout_format=".3g",
                                        style={"description_width": "initial"})
        box = controls(self.update, continuous=False, scale=slider)
        return widgets.VBox([box, self.progress, self.plot.widget])

    def update(self, scale):
        """Recompute for `scale`, redraw the widget's figure (if any) and return the result."""
        if self.plot is None:
            return self.compute(scale)
        self.progress.value = 0

        def step(history):
            self.progress.value = history.epoch[-1]

        result = self.compute(scale, callback=step)
        n = result.z.size
        self._z_hist.set_data(np.histogram(np.clip(result.z, -25, 25), self.Z_EDGES)[0] / n)
        sp_counts = np.histogram(result.sigma_prime, self.SP_EDGES)[0] / n
        self._sp_hist.set_data(np.maximum(sp_counts, 1e-5))
        self._cost_line.set_ydata(result.costs)
        self._cost_line.set_label(f"s = {scale:.3g}")
        self._legend_ax.legend(loc="upper right")
        self._text.set_text(f"s = {scale:.3g}\nsaturated: {result.saturated:.1%}\n"
                            f"mean σ′: {result.sigma_prime.mean():.3f}\n"
                            f"test acc.: {result.test_accuracy:.1%}")
        self.plot.redraw()
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
