"""A training dashboard: SGD plus backprop (the lecture's algorithm) on MNIST, driven by sliders.

MNIST, the dashboard and the η × m map go beyond the lecture (they follow Nielsen's
*Neural Networks and Deep Learning*, ch. 1 and 3).

`train_run` is one run: a fresh [784, hidden, 10] sigmoid network (N(0, 1) weights and
biases, the initialisation of Nielsen's `network.py`), trained by `sgd` with the quadratic
cost, recording the training cost C and the test accuracy before training and after each
epoch, and the cost of every mini-batch on the way (`sgd`'s `History.batch_costs`).
`Dashboard` keeps the runs, draws them on one pair of axes for comparison, and wires sliders
and a "Train" button to `Dashboard.train`; `train_run` alone trains without drawing.

How a run ends (`Run.outcome`):

- "finished";
- "diverged: weights not finite": the steps overshot until a weight overflowed
  (`History.diverged`; the network keeps its last finite epoch);
- "stalled: outputs saturated": the weights stay finite and the cost may have fallen, but
  after training at least 95% of the output neurons' weighted inputs z^L on the test images
  have |z^L| > ln 99, so σ′(z^L) < 0.01 and BP1 makes δ^L ≈ 0, while the test accuracy is
  below 20% (chance is 10%). Large steps drove the outputs against 0 or 1 and the sigmoid
  holds them there: learning has all but stopped.

`hidden_weights_figure` draws what the hidden neurons learned: the rows of w² as 28 × 28
images, at initialisation, after training, and their change. `load_eta_m_grid` reads the
precomputed map of test accuracy over η × m that `scripts/build_eta_m_grid.py` writes
(checked against a SHA-256 before it is read).
Left out: other costs, regularisation, learning-rate schedules and early stopping.
"""
import hashlib
import io
import time
from pathlib import Path

import ipywidgets as widgets
import numpy as np
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..metrics import accuracy, cost_value
from ..mnist import load_mnist
from ..network import Network
from ..sgd import sgd
from .controls import FloatLogSlider, IntSlider, SelectionSlider
from .saturation import saturated_share
from .widgets import LivePlot, NamedBox, WidgetWithFigure

__all__ = ["Run", "train_run", "Dashboard", "BATCH_SIZES", "DEFAULT_ETA", "DEFAULT_EPOCHS",
           "hidden_weights_figure", "describe_hidden_weights", "plot_runs", "EtaMGrid", "load_eta_m_grid",
           "plot_eta_m_grid", "GridChecksumError", "contrast_ratio", "label_colour"]

BATCH_SIZES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 8000)
"""The mini-batch sizes m offered by the dashboard and used by the η × m grid."""

DEFAULT_ETA = 10 ** 0.5
"""η = √10 ≈ 3.16, the dashboard's default: a point of the η slider (whose steps are tenths
of a decade, so it cannot show 3.0 exactly) and of the grid, close to the usual η = 3."""

DEFAULT_EPOCHS = 10
"""Enough epochs for a curve (11 points), few enough for a default run of about a second."""

STALL_SATURATION = 0.95   # share of saturated output z^L ...
STALL_ACCURACY = 0.20     # ... together with a test accuracy below this: stalled

WEIGHT_CMAP = "RdBu"      # diverging, readable with colour-vision deficiency; centred at 0
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", "-.")


class Run:
    """One training run and what it measured.

    eta, m, epochs, hidden, seed : the settings
    costs : quadratic cost C on the training images, before training and after each epoch
    test_accuracy : fraction of test images classified right, before training and after each epoch
    batch_costs : per epoch, an array of each mini-batch's cost C_batch = (1/m) Σ_x C_x, measured
        in its own step (weights before the step), in the order trained
    diverged : weights stopped being finite;  stalled : outputs froze in saturation (see module)
    w2_initial, w2_final : the hidden layer's weights w² (hidden × 784) before and after training
    output_saturation : share of output z^L with |z^L| > ln 99 on the test images after training
    misclassified : indices of the first test images the trained network gets wrong
    predicted : the network's digit for each test image
    seconds : wall-clock time of the run
    """

    def __init__(self, eta, m, epochs, hidden, seed):
        self.eta, self.m, self.epochs, self.hidden, self.seed = eta, m, epochs, hidden, seed
        self.costs, self.test_accuracy, self.batch_costs = [], [], []
        self.diverged = self.stalled = False
        self.w2_initial = self.w2_final = None
        self.misclassified, self.predicted = np.zeros(0, int), np.zeros(0, int)
        self.output_saturation = 0.0
        self.seconds = 0.0

    @property
    def outcome(self):
        """"finished", "diverged: weights not finite" or "stalled: outputs saturated"."""
        if self.diverged:
            return "diverged: weights not finite"
        return "stalled: outputs saturated" if self.stalled else "finished"

    @property
    def final_cost(self):
        return self.costs[-1]

    @property
    def final_accuracy(self):
        return self.test_accuracy[-1]

    def batch_epochs(self):
        """Where each recorded mini-batch cost sits on an epoch axis: batch k (0-based) of K in
        epoch e is measured after e − 1 + k/K epochs of training."""
        return np.concatenate([e + np.arange(len(c)) / len(c) for e, c in enumerate(self.batch_costs)]
                              or [np.zeros(0)])

    @property
    def label(self):
        """e.g. "η=3.16, m=10, 10 ep., 30 hidden, seed 0: 91.0%" or "...: stalled"."""
        settings = f"η={self.eta:.3g}, m={self.m}, {self.epochs} ep., {self.hidden} hidden, seed {self.seed}"
        if self.outcome != "finished":
            return f"{settings}: {self.outcome.split(':')[0]}"
        return f"{settings}: {self.final_accuracy:.1%}" if self.test_accuracy else settings

    def summary(self):
        """The key numbers as one line (no timing); C and accuracy to 3 decimals. (For runs whose
        last bits differ across BLAS libraries, e.g. m = 1 at a large η, print fewer.)"""
        return (f"η = {self.eta:.3g}, m = {self.m}, {self.epochs} epochs, {self.hidden} hidden, "
                f"seed {self.seed}: final training cost C = {self.final_cost:.3f}, "
                f"test accuracy = {self.final_accuracy:.3f}, {self.outcome}")

    def __repr__(self):
        return f"<Run {self.label}>"


def train_run(data, eta, m, epochs, hidden, seed, callback=None):
    """Train a fresh [784, hidden, 10] network with `sgd` (quadratic cost) and return a Run.

    data : ((X, labels), (X_test, labels_test)) as `load_mnist()` returns it
    eta, m, epochs : η, the mini-batch size, the number of epochs
    hidden : neurons in the hidden layer
    seed : seeds both the initial weights and the shuffling, so a run is reproducible
    callback(run) : called before training and after each epoch, with the Run so far

    Nothing is drawn. A run that diverges or stalls is reported (`run.outcome`), never raised.
    """
    (X, labels), (X_test, labels_test) = data
    run = Run(float(eta), int(m), int(epochs), int(hidden), int(seed))
    start = time.perf_counter()
    net = Network([X.shape[0], int(hidden), 10], seed=int(seed))
    run.w2_initial = net.w(2).copy()
    run.costs.append(cost_value(net, X, labels))
    run.test_accuracy.append(accuracy(net, X_test, labels_test))
    if callback is not None:
        callback(run)

    def after_epoch(history):
        run.costs.append(history.train_cost[-1])
        run.test_accuracy.append(history.test_accuracy[-1])
        run.batch_costs.append(history.batch_costs[-1])
        if callback is not None:
            callback(run)

    history = sgd(net, X, labels, epochs=epochs, batch_size=m, eta=eta, seed=seed,
                  test=(X_test, labels_test), callback=after_epoch, record_batch_costs=True)
    run.w2_final = net.w(2).copy()
    out = net.forward(X_test)
    predicted = np.argmax(out.activations[-1], axis=0)
    run.output_saturation = saturated_share(out.zs[-1])
    run.diverged = bool(history.diverged)
    run.stalled = (not run.diverged and run.output_saturation >= STALL_SATURATION
                   and run.final_accuracy < STALL_ACCURACY)
    run.predicted = predicted
    run.misclassified = np.flatnonzero(predicted != labels_test)[:8]
    run.seconds = time.perf_counter() - start
    return run


# --------------------------------------------------------------------- what the hidden neurons learned
def _hidden_rows(run, neurons):
    w0, w1 = run.w2_initial[:neurons], run.w2_final[:neurons]
    return w0, w1, w1 - w0


def hidden_weights_figure(run, neurons=10, fig=None):
    """The rows of w² as 28 × 28 images, one column per hidden neuron (the first `neurons`):
    at initialisation, after training, and the change. Colour map RdBu centred at 0 (a
    symmetric norm): the first two rows share one scale, the change has its own. Returns the
    figure and the three rows of images (for redrawing with `update_hidden_weights`)."""
    neurons = min(int(neurons), run.hidden)
    fig = fig if fig is not None else Figure(figsize=(1.05 * neurons + 1.3, 3.9), layout="constrained")
    axes = fig.subplots(3, neurons, squeeze=False)
    images = [[ax.imshow(np.zeros((28, 28)), cmap=WEIGHT_CMAP, norm=Normalize(-1, 1))
               for ax in row] for row in axes]
    for row, name in zip(axes, ("at initialisation", "after training", "change")):
        row[0].set_ylabel(name, fontsize=9)
    for j, ax in enumerate(axes[0]):
        ax.set_title(f"neuron {j + 1}", fontsize=8)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.colorbar(images[0][0], ax=axes[:2].ravel().tolist(), label="weight $w^2_{jk}$", shrink=0.9)
    fig.colorbar(images[2][0], ax=axes[2].ravel().tolist(), label="change", shrink=0.9)
    update_hidden_weights(run, images)
    return fig, images


def update_hidden_weights(run, images):
    """Show `run`'s hidden neurons in the image rows made by `hidden_weights_figure`."""
    rows = _hidden_rows(run, len(images[0]))
    lim_w = float(max(np.abs(rows[0]).max(), np.abs(rows[1]).max())) or 1.0
    lim_d = float(np.abs(rows[2]).max()) or 1.0
    for r, (row, lim) in enumerate(zip(images, (lim_w, lim_w, lim_d))):
        for j, im in enumerate(row):   # fewer hidden neurons than images: the rest stay blank
            im.set_data(rows[r][j].reshape(28, 28) if j < len(rows[r]) else np.zeros((28, 28)))
            im.norm.vmin, im.norm.vmax = -lim, lim   # symmetric: white is exactly 0


def describe_hidden_weights(run, X):
    """What the hidden-neuron images show, as text with numbers that do not depend on the last
    bits of the arithmetic: the pixels that are 0 in every training image (columns of X) and
    whose weights BP4 never changes, and the typical size of a weight and of its change."""
    dark = np.flatnonzero(X.max(axis=1) == 0)
    change = run.w2_final - run.w2_initial
    unchanged = bool(np.all(change[:, dark] == 0))
    rms_w, rms_d = (float(np.sqrt(np.mean(a ** 2))) for a in (run.w2_initial, change))
    look = ("small next to the initial weights, so the trained rows still look like the initial "
            "noise and the change row, on its own colour scale, shows what was learned"
            if rms_d < 0.5 * rms_w else "as large as the initial weights")
    return (f"{len(dark)} of {X.shape[0]} pixels are 0 in every training image; their weights "
            f"{'did not change at all' if unchanged else 'changed'} (BP4: ∂C/∂w_jk = a_k δ_j = 0). "
            f"Root-mean-square weight at initialisation {rms_w:.1f}, root-mean-square change "
            f"{rms_d:.1f}: the change is {look}.")


def plot_runs(runs, ax_cost, ax_acc, names=None, batches=True):
    """Runs side by side: training cost C per epoch on `ax_cost` (with each mini-batch's cost
    faint behind it if `batches`: a thin line, or one faint dot per batch if `batches` is
    "dots", which shows where the costs crowd) and test accuracy per epoch on `ax_acc` (None:
    no accuracy). Each run has its own colour, marker and line style (dotted if it stalled or
    diverged), labelled by `names`."""
    if batches not in (True, False, "dots"):
        raise ValueError(f"batches must be True, False or 'dots', got {batches!r}")
    given = names is not None       # a run's own label already says how it ended
    names = names or [r.label for r in runs]
    for k, (run, name) in enumerate(zip(runs, names)):
        style = dict(color=f"C{k % 10}", marker=MARKERS[k % len(MARKERS)], markersize=4,
                     linestyle=":" if run.outcome != "finished" else LINESTYLES[k % len(LINESTYLES)])
        if batches and run.batch_costs:
            faint = (dict(linestyle="none", marker=".", markersize=1.5, markeredgewidth=0, alpha=0.3)
                     if batches == "dots" else dict(linewidth=0.5, alpha=0.3))
            ax_cost.plot(run.batch_epochs(), np.concatenate(run.batch_costs), color=style["color"],
                         zorder=1, **faint)
        label = name if run.outcome == "finished" or not given else f"{name} ({run.outcome})"
        ax_cost.plot(range(len(run.costs)), run.costs, zorder=3, label=label, **style)
        if ax_acc is not None:
            ax_acc.plot(range(len(run.test_accuracy)), run.test_accuracy, zorder=3, label=label, **style)
    epochs = max(r.epochs for r in runs)
    for ax in (a for a in (ax_cost, ax_acc) if a is not None):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(-0.2, epochs + 0.2)
        ax.set_xlabel("epoch")
    ax_cost.set_ylabel("quadratic cost $C$")
    if ax_cost.get_yscale() == "linear":   # a log axis (set by the caller) keeps its limits
        ax_cost.set_ylim(0, None)
    if ax_acc is not None:
        ax_acc.set(ylabel="test accuracy", ylim=(0, 1))


# --------------------------------------------------------------------- the live dashboard
class Dashboard:
    """Sliders for η, m, epochs, hidden neurons and seed, a "Train" button, live curves of C
    (each mini-batch's cost faint behind the per-epoch points) and test accuracy per epoch
    (earlier runs stay for comparison until "Clear"), a progress bar, what the hidden neurons
    learned, and a few misclassified test digits.

    `train(eta, m, epochs, hidden, seed)` is what the button calls; it draws on this
    dashboard's widget if it has been made. To train without drawing, use `train_run`.
    """

    REDRAW_SECONDS = 0.5    # during a run, redraw the curves at most this often (and at the end)

    def __init__(self, data=None):
        self.data = load_mnist() if data is None else data
        self.runs = []
        self.plot = None

    # --------------------------------------------------------------- the logic
    def train(self, eta=DEFAULT_ETA, m=10, epochs=DEFAULT_EPOCHS, hidden=30, seed=0):
        """Train one run with these settings, add it to `runs`, draw it, and return it."""
        if self.plot is None:
            run = train_run(self.data, eta, m, epochs, hidden, seed)
            self.runs.append(run)
            return run
        lines = self._new_lines()
        self.progress.max, self.progress.value = max(int(epochs), 1), 0
        self.status.value = f"training: η = {eta:.3g}, m = {m}, {hidden} hidden, seed {seed} ..."
        last = [time.perf_counter()]

        def show(run):
            self._set_lines(lines, run)
            self.progress.value = len(run.costs) - 1
            if time.perf_counter() - last[0] >= self.REDRAW_SECONDS and len(run.costs) <= run.epochs:
                self._rescale(run.epochs)
                self.plot.redraw(full=True)
                last[0] = time.perf_counter()

        try:
            run = train_run(self.data, eta, m, epochs, hidden, seed, callback=show)
        except BaseException:   # e.g. m larger than the training set: leave no empty lines
            for ln in lines:
                ln.remove()
            raise
        self.runs.append(run)
        self._finish(lines, run)
        return run

    def clear(self):
        """Forget every run and empty the plots."""
        self.runs = []
        if self.plot is None:
            return
        for ax in (self._ax_cost, self._ax_acc):
            for ln in list(ax.lines):
                ln.remove()
        self._legend()
        self._rescale(DEFAULT_EPOCHS)
        self.plot.describe(self._empty_description)
        self.plot.redraw(full=True)
        self._show_digits(None)
        self.progress.value = 0
        self.status.value = "cleared"

    def _new_lines(self):
        k = len(self.runs)
        style = dict(color=f"C{k % 10}", marker=MARKERS[k % len(MARKERS)], markersize=4,
                     linestyle=LINESTYLES[k % len(LINESTYLES)])
        batches, = self._ax_cost.plot([], [], color=style["color"], linewidth=0.6, alpha=0.3, zorder=1)
        cost, = self._ax_cost.plot([], [], zorder=3, **style)
        acc, = self._ax_acc.plot([], [], zorder=3, **style)
        return batches, cost, acc

    @staticmethod
    def _set_lines(lines, run):
        epochs_done = np.arange(len(run.costs))
        lines[0].set_data(run.batch_epochs(), np.concatenate(run.batch_costs or [np.zeros(0)]))
        lines[1].set_data(epochs_done, run.costs)
        lines[2].set_data(epochs_done, run.test_accuracy)

    def _finish(self, lines, run):
        self._set_lines(lines, run)
        lines[1].set_label(run.label)
        lines[2].set_label(run.label)
        if run.outcome != "finished":
            lines[1].set_linestyle(":")
            lines[2].set_linestyle(":")
        self._legend()
        self._rescale(max(len(ln.get_xdata()) - 1 for ln in self._ax_acc.lines))
        self.plot.describe(self._describe_runs())
        self.plot.redraw(full=True)
        update_hidden_weights(run, self._hidden_images)
        self.hidden.describe("what the last run's hidden neurons learned: " + describe_hidden_weights(run, self.data[0][0]))
        self.hidden.redraw(full=True)
        self._show_digits(run)
        self.status.value = (f"{run.outcome}: test accuracy {run.final_accuracy:.1%}, final C = "
                             f"{run.final_cost:.4f}, {run.seconds:.2f} s")

    def _describe_runs(self):
        parts = [f"{r.label}, C from {r.costs[0]:.2f} to {r.final_cost:.2f}" for r in self.runs[-4:]]
        return ("Training cost C per epoch (left; each mini-batch's cost faint behind it) and test "
                "accuracy per epoch (right) for the last runs: " + "; ".join(parts) + ".")

    _empty_description = ("The dashboard's plots, empty until you press Train: training cost C per "
                          "epoch (left, each mini-batch's cost faint behind it) and test accuracy "
                          "per epoch (right).")

    # --------------------------------------------------------------- the widget
    def widget(self, eta=DEFAULT_ETA, m=10, epochs=DEFAULT_EPOCHS, hidden=30, seed=0):
        """The dashboard: sliders, buttons, progress, plots. Displays as the live widget, and
        as a picture of its empty plots where widgets cannot run (a notebook not yet run)."""
        self.eta_slider = FloatLogSlider(value=eta, base=10, min=-2, max=2, step=0.1,
                                                 description="η", readout_format=".3g",
                                                 tooltip="learning rate η")
        self.m_slider = SelectionSlider(options=list(BATCH_SIZES), value=m, description="m",
                                                tooltip="mini-batch size m")
        self.epochs_slider = IntSlider(value=epochs, min=1, max=30, description="epochs",
                                               tooltip="number of epochs (passes over the training images)")
        self.hidden_slider = IntSlider(value=hidden, min=5, max=100, step=5, description="hidden",
                                               tooltip="number of neurons in the hidden layer")
        self.seed_slider = IntSlider(value=seed, min=0, max=9, description="seed",
                                             tooltip="random seed of the initial weights and the shuffling")
        self.train_button = widgets.Button(description="Train", button_style="primary", icon="play",
                                           tooltip="Train a network with these settings")
        self.clear_button = widgets.Button(description="Clear", tooltip="Clear the plotted runs")
        self.progress = widgets.IntProgress(value=0, min=0, max=epochs, description="epochs done",
                                            tooltip="epochs done in the current run",
                                            style={"description_width": "initial"})
        self.status = widgets.Label(value="press Train")
        self._make_curves()
        self._make_hidden()
        self._make_digits()
        self.train_button.on_click(self._on_train)
        self.clear_button.on_click(lambda _button: self.clear())
        controls = [self.eta_slider, self.m_slider, self.epochs_slider, self.hidden_slider,
                    self.seed_slider]
        # the controls' names also as the title of their box (ipywidgets' slider handles have none)
        sliders = NamedBox(controls, tooltip="; ".join(f"{c.description}: {c.tooltip}" for c in controls))
        buttons = widgets.HBox([self.train_button, self.clear_button])
        self.box = widgets.VBox([sliders, buttons, widgets.HBox([self.progress, self.status]),
                                 self.plot.widget, self.hidden.widget, self.digits.widget])
        return WidgetWithFigure(self.box, self.plot.snapshot())   # its plots show before it runs

    def _make_curves(self):
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
                          title="cost $C$ per epoch (faint: each mini-batch)")
        self._ax_acc.set(xlabel="epoch", ylabel=f"test accuracy ({n_test:,} images)", ylim=(0, 1),
                         title="test accuracy (dotted: stalled or diverged)")
        self._rescale(DEFAULT_EPOCHS)
        self.plot.describe(self._empty_description)
        self.plot.redraw(full=True)

    def _make_hidden(self):
        hidden = int(self.hidden_slider.value)
        self.hidden = LivePlot(figsize=(11.8, 3.9), dpi=80)
        self.hidden.fig.delaxes(self.hidden.axes)
        blank = Run(0.0, 1, 0, hidden, 0)
        blank.w2_initial = blank.w2_final = np.zeros((min(10, hidden), 784))
        _, self._hidden_images = hidden_weights_figure(blank, neurons=10, fig=self.hidden.fig)
        self.hidden.fig.suptitle("the first 10 hidden neurons' weights w² (rows of 28 × 28), last run",
                                 fontsize=10)
        self.hidden.describe("The first 10 hidden neurons' incoming weights as 28 × 28 images, empty "
                             "until a run finishes.")
        self.hidden.redraw(full=True)

    def _make_digits(self):
        self.digits = LivePlot(1, 8, figsize=(10, 1.6), dpi=80)
        for ax in self.digits.axes:
            ax.imshow(np.zeros((28, 28)), cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(" ", fontsize=9)  # reserves the room the labels will take
        self.digits.fig.suptitle("misclassified test digits (true → predicted)", fontsize=10)
        self.digits.describe("Misclassified test digits, empty until a run finishes.")
        self.digits.redraw(full=True)

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

    def _rescale(self, epochs):
        tops = [np.max(ln.get_ydata(), initial=0) for ln in self._ax_cost.lines]
        right = max(int(epochs), 1)
        self._ax_cost.set(xlim=(-0.2, right + 0.2), ylim=(0, 1.05 * max(tops + [0.5])))
        self._ax_acc.set_xlim(-0.2, right + 0.2)

    def _show_digits(self, run):
        X_test, labels_test = self.data[1]
        shown = [] if run is None else list(run.misclassified)
        for i, ax in enumerate(self.digits.axes):
            if i < len(shown):
                k = shown[i]
                ax.images[0].set_data(X_test[:, k].reshape(28, 28))
                ax.set_title(f"{labels_test[k]} → {run.predicted[k]}", fontsize=9)
            else:
                ax.images[0].set_data(np.zeros((28, 28)))
                ax.set_title(" ")
        pairs = ", ".join(f"{labels_test[k]} taken for {run.predicted[k]}" for k in shown)
        self.digits.describe(f"The first misclassified test digits of the last run: {pairs}."
                             if shown else "Misclassified test digits, empty until a run finishes.")
        self.digits.redraw(full=True)


# --------------------------------------------------------------------- the η × m grid
_GRID_PATH = Path(__file__).parent.parent / "_data" / "eta_m_grid.npz"
_GRID_SHA256 = "25a66c815a63f7df944b0730315f804a93673969da2c3c05b9f80e8ff874ae77"
_REBUILD = "python scripts/build_eta_m_grid.py"


class GridChecksumError(ValueError):
    """The grid file's SHA-256 is not the one expected: it is corrupted or out of date."""


class EtaMGrid:
    """Test accuracy after training, over a grid of η × m (one run per cell, all seeded).

    eta : (n_eta,) learning rates;  m : (n_m,) mini-batch sizes
    accuracy, train_cost : (n_eta, n_m) final test accuracy and training cost C
    stalled, diverged : (n_eta, n_m) bool, as `train_run` reports them
    epochs, hidden, seed, n_train, n_test : the settings shared by every cell
    """

    def __init__(self, arrays):
        self.eta, self.m = arrays["eta"], arrays["m"]
        self.accuracy, self.train_cost = arrays["accuracy"], arrays["train_cost"]
        self.stalled, self.diverged = arrays["stalled"], arrays["diverged"]
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


def relative_luminance(colour):
    """WCAG 2.1 relative luminance L = 0.2126 R + 0.7152 G + 0.0722 B of an sRGB colour
    (components in [0, 1]), each channel linearised: c/12.92 if c ≤ 0.03928, else
    ((c + 0.055)/1.055)^2.4."""
    c = np.asarray(colour, dtype=float)[:3]
    c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2])


def contrast_ratio(colour_1, colour_2):
    """WCAG 2.1 contrast ratio (L_lighter + 0.05) / (L_darker + 0.05), from 1 to 21."""
    l1, l2 = sorted((relative_luminance(colour_1), relative_luminance(colour_2)), reverse=True)
    return (l1 + 0.05) / (l2 + 0.05)


def label_colour(background):
    """Black or white, whichever contrasts more with `background`. The better of the two
    always reaches at least 4.58:1 (they tie where (L + 0.05)² = 0.0525), so small text
    passes WCAG AA (4.5:1) on any background."""
    black, white = (0.0, 0.0, 0.0), (1.0, 1.0, 1.0)
    return "black" if contrast_ratio(background, black) >= contrast_ratio(background, white) else "white"


def plot_eta_m_grid(grid, ax):
    """Heatmap of the test accuracy over m (x, log scale) and η (y, log scale) on `ax`, each
    cell labelled with its accuracy in % ("st" where the run stalled with saturated outputs,
    "div" where its weights overflowed). Colour map viridis (readable with colour-vision
    deficiency), the numbers in the cells carry the same information. Returns the mesh, for a
    colorbar."""
    mesh = ax.pcolormesh(_log_edges(grid.m), _log_edges(grid.eta), grid.accuracy,
                         vmin=0, vmax=1, cmap="viridis")
    for i, eta in enumerate(grid.eta):
        for j, m in enumerate(grid.m):
            acc = grid.accuracy[i, j]
            text = "div" if grid.diverged[i, j] else "st" if grid.stalled[i, j] else f"{100 * acc:.0f}"
            ax.text(m, eta, text, ha="center", va="center", fontsize=7,
                    color=label_colour(mesh.to_rgba(acc)))   # contrast ≥ 4.5:1 on its cell
    ax.set(xscale="log", yscale="log", xlabel="mini-batch size $m$ (log scale)",
           ylabel="learning rate $\\eta$ (log scale)",
           title=f"test accuracy after {grid.epochs} epochs on {grid.n_train:,} images "
                 f"([784, {grid.hidden}, 10], seed {grid.seed})")
    ax.set_xticks(grid.m, [str(int(m)) for m in grid.m])
    ax.set_yticks(grid.eta, [f"{e:.3g}" for e in grid.eta])
    ax.minorticks_off()
    return mesh
