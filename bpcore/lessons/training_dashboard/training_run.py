"""One training run on MNIST: the lecture's algorithm (backprop inside mini-batch SGD) and what
it measured. Notebook 07; MNIST goes beyond the lecture (Nielsen, *Neural Networks and Deep
Learning*, ch. 1).

`train_run` trains a fresh [784, hidden, 10] sigmoid network (N(0, 1) weights and biases, the
initialisation of Nielsen's `network.py`) with `bpcore.sgd` and the quadratic cost, and returns
a `Run`. Nothing is drawn here: the figures are in `run_figures`, the live view in `dashboard`.

Two clocks. After e epochs a run has seen e·n examples and made e·⌈n/m⌉ updates (steps of
gradient descent): at the same epoch every run has seen the same examples, at the same update
a run with a larger m has seen m times more. `Run.clock` puts a count of updates on either.

Index 0 is before training: `cost_after_epoch[e]` and `accuracy_after_epoch[e]` are measured
after e epochs, so index 0 is the untrained network (unlike `History.train_cost`, whose index 0
is after the first epoch).

How a run ends (`Run.outcome`), one rule, here only:

- "finished";
- "diverged: weights not finite" (`History.diverged`; the network keeps its last finite epoch);
- "stalled: outputs saturated": the weights stay finite, but after training at least
  `STALL_SATURATION` of the output weighted inputs z^L on the test images are saturated (as
  `saturation.saturated_share` counts them: |z^L| > ln 99, so σ′(z^L) < 0.0099 and BP1 makes
  δ^L ≈ 0) and the test accuracy is below `STALL_ACCURACY` (chance is 10%).

Left out: other costs, regularisation, learning-rate schedules and early stopping.
"""
import time

import numpy as np

from bpcore.backprop import backprop
from bpcore.lessons.lecture.saturation import saturated_share
from bpcore.network import Network
from bpcore.sgd import Monitor, sgd

__all__ = ["Run", "train_run", "BATCH_SIZES", "DEFAULT_ETA", "DEFAULT_EPOCHS", "CLOCKS",
           "STALL_SATURATION", "STALL_ACCURACY"]

BATCH_SIZES = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 8000)
"""The mini-batch sizes m offered by the dashboard and used by the η × m grid."""

DEFAULT_ETA = 10 ** 0.5
"""η = √10 ≈ 3.16, the dashboard's default: a point of the η slider (whose steps are tenths
of a decade, so it cannot show 3.0 exactly) and of the grid, close to the usual η = 3."""

DEFAULT_EPOCHS = 10
"""Enough epochs for a curve (11 points), few enough for a default run of about a second."""

STALL_SATURATION = 0.95
"""A run is stalled when at least this share of its output z^L is saturated ..."""
STALL_ACCURACY = 0.20
"""... and its test accuracy is below this."""

CLOCKS = ("epochs", "updates")
"""What a run's progress is counted in: epochs (= examples seen ÷ n) or updates (steps)."""


class Run:
    """One training run and what it measured.

    eta, m, epochs, hidden, seed : the settings;  n_train : training examples n
    cost_after_epoch[e] : quadratic cost C on the training images after e epochs (0: before training)
    accuracy_after_epoch[e] : fraction of test images classified right after e epochs
    batch_costs : per epoch, an array of the ⌈n/m⌉ mini-batch costs C_batch = (1/m) Σ_x C_x, each
        measured in its own step (weights before the step), in the order trained
    diverged, stalled : how it ended (see the module docstring)
    w2_initial, w2_final : the hidden layer's weights w² (hidden × 784) before and after training
    output_saturation : share of output z^L with |z^L| > ln 99 on the test images after training
    gradient_norm : ‖∇C‖ (all weights and biases) on the training images after training
    misclassified : indices of the first test images the trained network gets wrong
    predicted : the network's digit for each test image
    seconds : wall-clock time of the run
    """

    def __init__(self, eta, m, epochs, hidden, seed, n_train):
        self.eta, self.m, self.epochs, self.hidden, self.seed = eta, m, epochs, hidden, seed
        self.n_train = n_train
        self.cost_after_epoch, self.accuracy_after_epoch, self.batch_costs = [], [], []
        self.diverged = self.stalled = False
        self.w2_initial = self.w2_final = None
        self.misclassified, self.predicted = np.zeros(0, int), np.zeros(0, int)
        self.output_saturation = self.gradient_norm = 0.0
        self.seconds = 0.0

    @property
    def outcome(self):
        """"finished", "diverged: weights not finite" or "stalled: outputs saturated"."""
        if self.diverged:
            return "diverged: weights not finite"
        return "stalled: outputs saturated" if self.stalled else "finished"

    @property
    def final_cost(self):
        return self.cost_after_epoch[-1]

    @property
    def final_accuracy(self):
        return self.accuracy_after_epoch[-1]

    @property
    def updates_per_epoch(self):
        """⌈n/m⌉: one update per mini-batch (the last batch may be smaller)."""
        return -(-self.n_train // self.m)

    def epoch_updates(self):
        """Updates made when each entry of `cost_after_epoch` was measured: e·⌈n/m⌉."""
        return self.updates_per_epoch * np.arange(len(self.cost_after_epoch))

    def batch_cost_means(self, windows_per_epoch=20):
        """The mini-batch costs averaged over consecutive windows (about `windows_per_epoch`
        per epoch, at least one batch each): (updates made at each window's middle, mean cost).
        A window's mean estimates C at that moment, so the trace follows the run without the
        scatter of single batches (which at m = 1 covers the whole axis)."""
        costs = np.concatenate(self.batch_costs or [np.zeros(0)])
        width = max(1, self.updates_per_epoch // int(windows_per_epoch))
        starts = np.arange(0, len(costs), width)
        ends = np.minimum(starts + width, len(costs))
        means = np.add.reduceat(costs, starts) / (ends - starts) if len(costs) else costs
        return (starts + ends - 1) / 2, means

    def clock(self, updates, clock="epochs"):
        """Updates made, as a position on the `clock`: "epochs" (updates ÷ ⌈n/m⌉) or "updates"."""
        if clock not in CLOCKS:
            raise ValueError(f"clock must be one of {CLOCKS}, got {clock!r}")
        updates = np.asarray(updates, dtype=float)
        return updates / self.updates_per_epoch if clock == "epochs" else updates

    @property
    def label(self):
        """e.g. "η=3.16, m=10, 10 ep., 30 hid., seed 0: 90.9%" or "...: stalled"."""
        settings = f"η={self.eta:.3g}, m={self.m}, {self.epochs} ep., {self.hidden} hid., seed {self.seed}"
        if self.outcome != "finished":
            return f"{settings}: {self.outcome.split(':')[0]}"
        return f"{settings}: {self.final_accuracy:.1%}" if self.accuracy_after_epoch else settings

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

    A run that diverges or stalls is reported (`run.outcome`), never raised.
    """
    (X, labels), (X_test, labels_test) = data
    run = Run(float(eta), int(m), int(epochs), int(hidden), int(seed), int(X.shape[1]))
    start = time.perf_counter()
    net = Network([X.shape[0], int(hidden), 10], seed=int(seed))
    run.w2_initial = net.w(2).copy()

    def after_epoch(history):
        if history.epoch:
            run.cost_after_epoch.append(history.train_cost[-1])
            run.accuracy_after_epoch.append(history.test_accuracy[-1])
            run.batch_costs.append(history.batch_costs[-1])
        else:   # before the first epoch (from_start): the untrained network
            run.cost_after_epoch.append(history.start_cost)
            run.accuracy_after_epoch.append(history.start_accuracy)
        if callback is not None:
            callback(run)

    # sgd checks the data once and measures the untrained network too (from_start), so the
    # training images are not checked again on their way to the training loop
    history = sgd(net, X, labels, epochs=epochs, batch_size=m, eta=eta, seed=seed,
                  test=(X_test, labels_test), monitor=Monitor(after_epoch=after_epoch, from_start=True))
    run.w2_final = net.w(2).copy()
    out = net.forward(X_test)
    run.predicted = np.argmax(out.activations[-1], axis=0)
    run.misclassified = np.flatnonzero(run.predicted != labels_test)[:8]
    run.output_saturation = saturated_share(out.zs[-1])
    nabla_b, nabla_w = backprop(net, X, labels)
    run.gradient_norm = float(np.sqrt(sum(np.sum(g ** 2) for g in nabla_b + nabla_w)))
    run.diverged = bool(history.diverged)
    run.stalled = (not run.diverged and run.output_saturation >= STALL_SATURATION
                   and run.final_accuracy < STALL_ACCURACY)
    run.seconds = time.perf_counter() - start
    return run
