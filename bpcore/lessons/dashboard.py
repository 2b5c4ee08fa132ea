"""A training dashboard: the lecture's SGD plus backprop on MNIST, driven by sliders.

`train_run` is one run: a fresh [784, hidden, 10] sigmoid network (N(0, 1) weights and
biases, as in the lecture), trained by `sgd` with the quadratic cost, recording the training
cost C and the test accuracy before training and after each epoch. `Dashboard` keeps the
runs, draws them on one pair of axes for comparison, and wires sliders and a "Train"
button to `Dashboard.train`, the same method a notebook cell calls with fixed values.

A run *diverges* when η is so large that the steps overshoot and the network leaves the
region where it can learn. Two ways are detected:

- the weights stop being finite numbers (`History.diverged`); or
- the network froze in saturation: after training, at least 95% of the output neurons'
  weighted inputs z^L on the test images have |z^L| > ln 99, so σ′(z^L) < 0.01 and BP1
  makes δ^L ≈ 0, while the test accuracy is below 20% (chance is 10%). Nothing learns from
  there: the huge steps drove the outputs against 0 or 1 and the sigmoid holds them there.

`load_eta_m_grid` reads the precomputed map of test accuracy over η × m that
`scripts/build_eta_m_grid.py` writes (checked against a SHA-256 before it is read).
Left out: other costs, regularisation, learning-rate schedules and early stopping.
"""
import hashlib
import io
import time
from pathlib import Path

import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from ..metrics import accuracy, cost_value
from ..mnist import load_mnist
from ..network import Network
from .saturation import SATURATION_Z
from ..sgd import sgd
from .widgets import LivePlot

__all__ = ["Run", "train_run", "Dashboard", "BATCH_SIZES", "DEFAULT_ETA", "EtaMGrid", "load_eta_m_grid",
           "plot_eta_m_grid", "GridChecksumError"]

BATCH_SIZES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 8000)
"""The mini-batch sizes m offered by the dashboard and used by the η × m grid."""

DEFAULT_ETA = 10 ** 0.5
"""η = √10 ≈ 3.16, the dashboard's default: a point of the η slider (whose steps are tenths
of a decade, so it cannot show 3.0 exactly) and of the grid, close to the usual η = 3."""

FROZEN_SATURATION = 0.95   # share of saturated output z^L ...
FROZEN_ACCURACY = 0.20     # ... together with a test accuracy below this: diverged


class Run:
    """One training run and what it measured.

    eta, m, epochs, hidden, seed : the settings
    costs : quadratic cost C on the training images, before training and after each epoch
    test_accuracy : fraction of test images classified right, before training and after each epoch
    diverged : bool, and `reason` ("" or what diverged: "weights not finite", "froze in saturation")
    misclassified : indices of the first test images the trained network gets wrong
    predicted : the network's digit for each test image
    seconds : wall-clock time of the run
    """

    def __init__(self, eta, m, epochs, hidden, seed):
        self.eta, self.m, self.epochs, self.hidden, self.seed = eta, m, epochs, hidden, seed
        self.costs, self.test_accuracy = [], []
        self.diverged, self.reason = False, ""
        self.misclassified, self.predicted = np.zeros(0, int), np.zeros(0, int)
        self.output_saturation = 0.0
        self.seconds = 0.0

    @property
    def final_cost(self):
        return self.costs[-1]

    @property
    def final_accuracy(self):
        return self.test_accuracy[-1]

    @property
    def label(self):
        """e.g. "η=3, m=10, 2 ep., 30 hidden, seed 0: 77.1%" or "...: diverged"."""
        settings = f"η={self.eta:.3g}, m={self.m}, {self.epochs} ep., {self.hidden} hidden, seed {self.seed}"
        if self.diverged:
            return f"{settings}: diverged"
        return f"{settings}: {self.final_accuracy:.1%}" if self.test_accuracy else settings

    def summary(self):
        """The key numbers as one line with fixed precision (no timing)."""
        status = f"DIVERGED ({self.reason})" if self.diverged else "finished"
        return (f"η = {self.eta:.3g}, m = {self.m}, {self.epochs} epochs, {self.hidden} hidden, "
                f"seed {self.seed}: final training cost C = {self.final_cost:.4f}, "
                f"test accuracy = {self.final_accuracy:.4f}, {status}")

    def __repr__(self):
        return f"<Run {self.label}>"


def train_run(data, eta, m, epochs, hidden, seed, callback=None):
    """Train a fresh [784, hidden, 10] network with `sgd` (quadratic cost) and return a Run.

    data : ((X, labels), (X_test, labels_test)) as `load_mnist()` returns it
    eta, m, epochs : η, the mini-batch size, the number of epochs
    hidden : neurons in the hidden layer
    seed : seeds both the initial weights and the shuffling, so a run is reproducible
    callback(run) : called before training and after each epoch, with the Run so far

    A run that diverges is reported (`run.diverged`), never raised.
    """
    (X, labels), (X_test, labels_test) = data
    run = Run(float(eta), int(m), int(epochs), int(hidden), int(seed))
    start = time.perf_counter()
    net = Network([X.shape[0], int(hidden), 10], seed=int(seed))
    run.costs.append(cost_value(net, X, labels))
    run.test_accuracy.append(accuracy(net, X_test, labels_test))
    if callback is not None:
        callback(run)

    def after_epoch(history):
        run.costs.append(history.train_cost[-1])
        run.test_accuracy.append(history.test_accuracy[-1])
        if callback is not None:
            callback(run)

    history = sgd(net, X, labels, epochs=epochs, batch_size=m, eta=eta, seed=seed,
                  test=(X_test, labels_test), callback=after_epoch)
    out = net.forward(X_test)
    predicted = np.argmax(out.activations[-1], axis=0)
    run.output_saturation = float(np.mean(np.abs(out.zs[-1]) > SATURATION_Z))
    if history.diverged:
        run.diverged, run.reason = True, "weights not finite"
    elif run.output_saturation >= FROZEN_SATURATION and run.final_accuracy < FROZEN_ACCURACY:
        run.diverged, run.reason = True, "froze in saturation"
    run.predicted = predicted
    run.misclassified = np.flatnonzero(predicted != labels_test)[:8]
    run.seconds = time.perf_counter() - start
    return run


class Dashboard:
    """Sliders for η, m, epochs, hidden neurons and seed, a "Train" button, live curves of C
    and test accuracy per epoch (earlier runs stay for comparison until "Clear"), a progress
    bar, the final accuracy and a few misclassified test digits.

    `train(eta, m, epochs, hidden, seed)` is what the button calls; call it from code to get
    the same Run (and, if the widget is shown, the same curves).
    """

    def __init__(self, data=None):
        self.data = load_mnist() if data is None else data
        self.runs = []
        self.plot = None

    # --------------------------------------------------------------- the logic
    def train(self, eta=DEFAULT_ETA, m=10, epochs=2, hidden=30, seed=0):
        """Train one run with these settings, add it to `runs`, draw it, and return it."""
        line = None
        if self.plot is not None:
            colour = f"C{len(self.runs) % 10}"
            cost_line, = self._ax_cost.plot([], [], "o-", color=colour, markersize=3)
            acc_line, = self._ax_acc.plot([], [], "o-", color=colour, markersize=3)
            line = (cost_line, acc_line)
            self.progress.max, self.progress.value = max(int(epochs), 1), 0
            self.status.value = f"training: η = {eta:.3g}, m = {m}, {hidden} hidden, seed {seed} ..."

        def show(run):
            if line is None:
                return
            epochs_done = np.arange(len(run.costs))
            line[0].set_data(epochs_done, run.costs)
            line[1].set_data(epochs_done, run.test_accuracy)
            self.progress.value = len(run.costs) - 1
            self._rescale()
            if len(run.costs) - 1 < run.epochs:  # after the last epoch, the final redraw follows
                self.plot.redraw()

        try:
            run = train_run(self.data, eta, m, epochs, hidden, seed, callback=show)
        except BaseException:   # e.g. m larger than the training set: leave no empty lines
            for ln in line or ():
                ln.remove()
            raise
        self.runs.append(run)
        if line is not None:
            for ln in line:
                ln.set_label(run.label)
                if run.diverged:
                    ln.set_linestyle(":")
            self._legend()
            self.plot.redraw()
            self._show_digits(run)
            self.status.value = (f"{'DIVERGED (' + run.reason + ')' if run.diverged else 'done'}: "
                                 f"test accuracy {run.final_accuracy:.1%}, final C = "
                                 f"{run.final_cost:.4f}, {run.seconds:.2f} s")
        return run

    def clear(self):
        """Forget every run and empty the plots."""
        self.runs = []
        if self.plot is not None:
            for ax in (self._ax_cost, self._ax_acc):
                for ln in list(ax.lines):
                    ln.remove()
            self._legend()
            self._rescale()
            self.plot.redraw()
            for ax in self.digits.axes:
                ax.images[0].set_data(np.zeros((28, 28)))
                ax.set_title(" ")
            self.digits.redraw()
            self.progress.value = 0
            self.status.value = "cleared"

    # --------------------------------------------------------------- the widget
    def widget(self, eta=DEFAULT_ETA, m=10, epochs=2, hidden=30, seed=0):
        """The dashboard as an ipywidgets VBox, with these initial slider values."""
        self.eta_slider = widgets.FloatLogSlider(value=eta, base=10, min=-2, max=2, step=0.1,
                                                 description="η", readout_format=".3g")
        self.m_slider = widgets.SelectionSlider(options=list(BATCH_SIZES), value=m, description="m")
        self.epochs_slider = widgets.IntSlider(value=epochs, min=1, max=10, description="epochs")
        self.hidden_slider = widgets.IntSlider(value=hidden, min=5, max=100, step=5,
                                               description="hidden")
        self.seed_slider = widgets.IntSlider(value=seed, min=0, max=9, description="seed")
        self.train_button = widgets.Button(description="Train", button_style="primary",
                                           icon="play")
        self.clear_button = widgets.Button(description="Clear")
        self.progress = widgets.IntProgress(value=0, min=0, max=epochs, description="epochs done",
                                           style={"description_width": "initial"})
        self.status = widgets.Label(value="press Train")
        self.plot = LivePlot(1, 2, figsize=(12, 3.6), dpi=80)
        self._ax_cost, self._ax_acc = self.plot.axes
        # a fixed layout with room on the right for the runs' legend, which grows
        self.plot.fig.set_layout_engine("none")
        self._ax_cost.set_position([0.06, 0.15, 0.28, 0.76])
        self._ax_acc.set_position([0.42, 0.15, 0.28, 0.76])
        self._fig_legend = None
        for ax in self.plot.axes:
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        n_train, n_test = self.data[0][0].shape[1], self.data[1][0].shape[1]
        self._ax_cost.set(xlabel="epoch", ylabel=f"quadratic cost $C$ ({n_train:,} training images)",
                          title="training cost per epoch")
        self._ax_acc.set(xlabel="epoch", ylabel=f"test accuracy ({n_test:,} images)", ylim=(0, 1),
                         title="test accuracy per epoch (dotted: diverged)")
        self._rescale()
        self.plot.redraw()
        self.digits = LivePlot(1, 8, figsize=(10, 1.6), dpi=80)
        for ax in self.digits.axes:
            ax.imshow(np.zeros((28, 28)), cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(" ", fontsize=9)  # reserves the room the labels will take
        self.digits.fig.suptitle("misclassified test digits (true → predicted)", fontsize=10)
        self.digits.redraw()
        self.train_button.on_click(self._on_train)
        self.clear_button.on_click(lambda _button: self.clear())
        sliders = widgets.VBox([self.eta_slider, self.m_slider, self.epochs_slider,
                                self.hidden_slider, self.seed_slider])
        buttons = widgets.HBox([self.train_button, self.clear_button])
        return widgets.VBox([sliders, buttons, widgets.HBox([self.progress, self.status]),
                             self.plot.widget, self.digits.widget])

    def _on_train(self, _button):
        self.train_button.disabled = True
        try:
            self.train(self.eta_slider.value, self.m_slider.value, self.epochs_slider.value,
                       self.hidden_slider.value, self.seed_slider.value)
        except Exception as exc:  # shown to the student instead of vanishing in a log
            self.status.value = f"error: {type(exc).__name__}: {exc}"
        finally:
            self.train_button.disabled = False

    def _legend(self):
        if self._fig_legend is not None:
            self._fig_legend.remove()
            self._fig_legend = None
        if self._ax_acc.lines:
            self._fig_legend = self.plot.fig.legend(
                handles=self._ax_acc.lines[-12:], loc="center left", bbox_to_anchor=(0.71, 0.5),
                fontsize=8, title="runs (last 12)", title_fontsize=8, frameon=False)

    def _rescale(self):
        top = max([max(ln.get_ydata(), default=0) for ln in self._ax_cost.lines] + [0.5])
        right = max([len(ln.get_xdata()) - 1 for ln in self._ax_cost.lines] + [2])
        self._ax_cost.set(xlim=(-0.2, right + 0.2), ylim=(0, 1.05 * top))
        self._ax_acc.set_xlim(-0.2, right + 0.2)

    def _show_digits(self, run):
        X_test, labels_test = self.data[1]
        for i, ax in enumerate(self.digits.axes):
            if i < len(run.misclassified):
                k = run.misclassified[i]
                ax.images[0].set_data(X_test[:, k].reshape(28, 28))
                ax.set_title(f"{labels_test[k]} → {run.predicted[k]}", fontsize=9)
            else:
                ax.images[0].set_data(np.zeros((28, 28)))
                ax.set_title(" ")
        self.digits.redraw()


# --------------------------------------------------------------------- the η × m grid
_GRID_PATH = Path(__file__).parent.parent / "_data" / "eta_m_grid.npz"
_GRID_SHA256 = "e37e27de737524880c7c9582d38f36f9e3bc4428160f8b3cbbc9e53f016f95af"
_REBUILD = "python scripts/build_eta_m_grid.py"


class GridChecksumError(ValueError):
    """The grid file's SHA-256 is not the one expected: it is corrupted or out of date."""


class EtaMGrid:
    """Test accuracy after training, over a grid of η × m (one run per cell, all seeded).

    eta : (n_eta,) learning rates;  m : (n_m,) mini-batch sizes
    accuracy, train_cost : (n_eta, n_m) final test accuracy and training cost C
    diverged : (n_eta, n_m) bool, as `train_run` reports it
    epochs, hidden, seed, n_train, n_test : the settings shared by every cell
    """

    def __init__(self, arrays):
        self.eta, self.m = arrays["eta"], arrays["m"]
        self.accuracy, self.train_cost = arrays["accuracy"], arrays["train_cost"]
        self.diverged = arrays["diverged"]
        for name in ("epochs", "hidden", "seed", "n_train", "n_test"):
            setattr(self, name, int(arrays[name]))

    def best(self):
        """(η, m, accuracy) of the cell with the highest test accuracy."""
        i, j = np.unravel_index(np.argmax(self.accuracy), self.accuracy.shape)
        return float(self.eta[i]), int(self.m[j]), float(self.accuracy[i, j])


def load_eta_m_grid(path=None, sha256=None):
    """The precomputed η × m grid as an EtaMGrid, after checking the file's SHA-256."""
    path = Path(path) if path is not None else _GRID_PATH
    expected = sha256 or _GRID_SHA256
    data = path.read_bytes()
    got = hashlib.sha256(data).hexdigest()
    if got != expected:
        raise GridChecksumError(f"{path} has SHA-256 {got}, expected {expected}: it is corrupted "
                                f"or out of date. Rebuild it with `{_REBUILD}`.")
    with np.load(io.BytesIO(data), allow_pickle=False) as f:
        return EtaMGrid({name: f[name] for name in f.files})


def _log_edges(values):
    """Cell edges for values on a log axis: geometric midpoints, and half a step outside."""
    v = np.log10(np.asarray(values, dtype=float))
    mid = (v[1:] + v[:-1]) / 2
    return 10 ** np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])


def plot_eta_m_grid(grid, ax):
    """Heatmap of the test accuracy over m (x, log scale) and η (y, log scale) on `ax`, each
    cell labelled with its accuracy in % ("div" where the run diverged). Returns the mesh,
    for a colorbar."""
    mesh = ax.pcolormesh(_log_edges(grid.m), _log_edges(grid.eta), grid.accuracy,
                         vmin=0, vmax=1, cmap="viridis")
    for i, eta in enumerate(grid.eta):
        for j, m in enumerate(grid.m):
            acc = grid.accuracy[i, j]
            text = "div" if grid.diverged[i, j] else f"{100 * acc:.0f}"
            ax.text(m, eta, text, ha="center", va="center", fontsize=7,
                    color="black" if acc > 0.6 else "white")
    ax.set(xscale="log", yscale="log", xlabel="mini-batch size $m$ (log scale)",
           ylabel="learning rate $\\eta$ (log scale)",
           title=f"test accuracy after {grid.epochs} epochs on {grid.n_train:,} images "
                 f"([784, {grid.hidden}, 10], seed {grid.seed})")
    ax.set_xticks(grid.m, [str(int(m)) for m in grid.m])
    ax.set_yticks(grid.eta, [f"{e:.3g}" for e in grid.eta])
    ax.minorticks_off()
    return mesh
