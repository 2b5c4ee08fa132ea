"""The training dashboard (notebook 07, beyond the lecture): sliders for η, m, epochs, hidden
neurons and seed, a clock menu (epochs or updates), "Train" and "Clear" buttons, a progress bar,
and live figures of the runs so far.

`Dashboard(data)` builds the view at once and `train(...)` always draws on it (the "Train"
button calls it with the sliders' values); `widget()` returns the view to display. To train
without drawing, use `training_run.train_run`. The curves are `run_figures.plot_runs`'s: cost
on a log axis with each run's mini-batch costs as window means (which hide no other run), test
accuracy beside it; earlier runs stay until "Clear". Below them: what the last run's first ten
hidden neurons learned (`hidden_weights`) and its first misclassified test digits.

Heard. "Train" and "Clear" are `live_controls.Button`s: while a run trains, Train is busy
(aria-disabled) and keeps the focus, presses meanwhile are ignored. The status line is a polite
live region that says a run's start and its end ("finished: cost after 10 epochs 0.163, test
accuracy 83.7%, in 12.3 seconds"), "cleared" and a clock change, never the redraws in between;
the progress bar says "epoch 3 of 10". Spoken texts say numbers as `spoken.number` does (a minus
sign as "minus") and the settings in words ("30 hidden neurons", not the legend's "30 hid.").
"""
import time

import ipywidgets as widgets
import numpy as np

from bpcore.lessons.kit.controls import FloatLogSlider, IntSlider, SelectionSlider
from bpcore.lessons.kit.figures import encode_png
from bpcore.lessons.kit.live_controls import Button, Menu, Progress, Status
from bpcore.lessons.kit.spoken import number
from bpcore.lessons.kit.widgets import LivePlot, NamedBox, WidgetWithFigure
from bpcore.mnist import load_mnist

from .hidden_weights import describe_hidden_weights, draw_hidden_weights, update_hidden_weights
from .run_figures import format_run_axes, run_style
from .training_run import BATCH_SIZES, CLOCKS, DEFAULT_EPOCHS, DEFAULT_ETA, train_run

__all__ = ["Dashboard"]

LEGEND_RUNS = 6     # the legend names the last runs (two columns of three)
EMPTY = ("The dashboard's plots, empty until you press Train: the training cost C (log scale, "
         "each run's mini-batch costs as a thin line behind it) and the test accuracy, against "
         "epochs or updates.")


def settings_words(run):
    """A run's settings as said: "η 3.16, mini-batch size 10, 3 epochs, 30 hidden neurons, seed 0"."""
    return (f"η {number(run.eta)}, mini-batch size {run.m}, {run.epochs} epoch{'s' * (run.epochs != 1)}, "
            f"{run.hidden} hidden neurons, seed {run.seed}")


def result_words(run):
    """How a run ended, as said: "finished: cost after 10 epochs 0.163, test accuracy 83.7%, in
    12.3 seconds" (the epochs it trained: a diverged run stops early)."""
    done = len(run.cost_after_epoch) - 1
    return (f"{run.outcome}: cost after {done} epoch{'s' * (done != 1)} {number(run.final_cost)}, test "
            f"accuracy {run.final_accuracy:.1%}, in {run.seconds:.1f} seconds")


class Dashboard:
    """The live dashboard. `train(eta, m, epochs, hidden, seed)` trains one run with
    `train_run`, draws it while it trains, keeps it in `runs` and returns it; `clear()` forgets
    the runs; `set_clock("epochs" | "updates")` redraws every run on that clock."""

    REDRAW_SECONDS = 0.5    # during a run, redraw the curves at most this often (and at the end)

    def __init__(self, data=None, eta=DEFAULT_ETA, m=10, epochs=DEFAULT_EPOCHS, hidden=30, seed=0):
        self.data = load_mnist() if data is None else data
        self.runs, self._lines, self.clock = [], [], "epochs"
        # clock -> PNG of the curves of the runs as they are: a full draw takes
        # about 0.2 s, a clock change must not (100 ms), so both clocks are drawn whenever the runs
        # change (after a run, on Clear) and the menu shows the stored one. No runs: kept apart.
        self._views, self._empty_views = {}, {}
        self._drawn_clock = None   # (clock, number of runs) the canvas was last drawn for
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
        self.clock_menu = Menu(options=list(CLOCKS), value="epochs", description="clock",
                               tooltip="x axis: epochs (examples seen ÷ n) or updates (steps)")
        self.train_button = Button("Train", primary=True, tooltip="Train a network with these settings")
        self.clear_button = Button("Clear", tooltip="Clear the plotted runs")
        self.progress = Progress(0, epochs, description="epochs done", unit="epoch",
                                 tooltip="epochs done in the current run")
        self.status = Status("press Train")
        self._make_curves()
        self._make_hidden()
        self._make_digits()
        self.train_button.on_click(self._on_train)
        self.clear_button.on_click(lambda _button: self.clear())
        self.clock_menu.observe(lambda change: self.set_clock(change["new"]), names="value")
        controls = [self.eta_slider, self.m_slider, self.epochs_slider, self.hidden_slider,
                    self.seed_slider, self.clock_menu]
        # the controls' names also as the title of their box (ipywidgets' slider handles have none)
        named = NamedBox(controls, tooltip="; ".join(f"{c.description}: {c.tooltip}" for c in controls))
        self.box = widgets.VBox([named, widgets.HBox([self.train_button, self.clear_button]),
                                 widgets.HBox([self.progress, self.status]),
                                 self.curves.widget, self.hidden.widget, self.digits.widget])

    def widget(self):
        """The dashboard: the live widget, and a picture of its plots as they are now where
        widgets cannot run (a notebook not yet run)."""
        if self._drawn_clock != (self.clock, len(self.runs)):   # the canvas holds another view
            self.curves.draw(full=True)
        return WidgetWithFigure(self.box, self.curves.snapshot())

    # --------------------------------------------------------------- training
    def train(self, eta=DEFAULT_ETA, m=10, epochs=DEFAULT_EPOCHS, hidden=30, seed=0):
        """Train one run with these settings, draw it while it trains, add it to `runs`, return it."""
        k = len(self.runs)
        style = run_style(k)
        lines = (self._ax_cost.plot([], [], color=style["color"], linewidth=1, alpha=0.6, zorder=1)[0],
                 self._ax_cost.plot([], [], zorder=3, **style)[0],
                 self._ax_acc.plot([], [], zorder=3, **style)[0])
        self._views = {}   # the runs change: the stored views no longer show them
        self.progress.max, self.progress.value = max(int(epochs), 1), 0
        self.status.say(f"training started: η {number(eta)}, mini-batch size {m}, {epochs} epoch"
                        f"{'s' * (epochs != 1)}, {hidden} hidden neurons, seed {seed}")
        last = [time.perf_counter()]

        def show(run):
            self._set_lines(lines, run)
            self.progress.value = len(run.cost_after_epoch) - 1
            if time.perf_counter() - last[0] >= self.REDRAW_SECONDS:
                self._rescale(self.runs + [run])
                self.curves.redraw(full=True)
                self._drawn_clock = None   # a run in progress
                last[0] = time.perf_counter()

        try:
            run = train_run(self.data, eta, m, epochs, hidden, seed, callback=show)
        except BaseException:   # e.g. m larger than the training set: leave no empty lines
            for line in lines:
                line.remove()
            raise
        self.runs.append(run)
        self._lines.append(lines)
        self._finish(run)
        return run

    def clear(self):
        """Forget every run and empty the plots."""
        for line in (ln for lines in self._lines for ln in lines):
            line.remove()
        self.runs, self._lines = [], []
        self._views = dict(self._empty_views)
        self._redraw_curves(both_clocks=True)
        self._show_last(None)
        self.progress.value = 0
        self.status.say("cleared: no runs plotted")

    def set_clock(self, clock):
        """Draw every run against "epochs" or "updates"."""
        if clock not in CLOCKS:
            raise ValueError(f"clock must be one of {CLOCKS}, got {clock!r}")
        self._show_curves(clock)
        self.status.say(f"cost and test accuracy now plotted against {clock}")

    def _on_train(self, _button):
        with self.train_button.working():   # busy: focus kept, presses ignored
            try:
                self.train(self.eta_slider.value, self.m_slider.value, self.epochs_slider.value,
                           self.hidden_slider.value, self.seed_slider.value)
            except Exception as exc:  # shown to the student instead of vanishing in a log
                self.status.say(f"error: {type(exc).__name__}: {exc}")

    # --------------------------------------------------------------- drawing
    def _set_lines(self, lines, run):
        updates, means = run.batch_cost_means()
        lines[0].set_data(run.clock(updates, self.clock), means)
        x = run.clock(run.epoch_updates(), self.clock)
        lines[1].set_data(x, run.cost_after_epoch)
        lines[2].set_data(x, run.accuracy_after_epoch)

    def _finish(self, run):
        lines = self._lines[-1]
        for line in lines[1:]:
            line.set_label(run.label)
            if run.outcome != "finished":
                line.set_linestyle(":")
        self._redraw_curves(both_clocks=True)
        self._show_last(run)
        self.status.say(result_words(run))

    def _redraw_curves(self, both_clocks=False):
        """Show the curves of `runs` on the current clock; with `both_clocks` (the runs changed),
        draw and store the other clock's view first, so that the menu switches without a draw."""
        self._legend()
        current = self.clock
        if both_clocks:
            for clock in CLOCKS:
                if clock != current and clock not in self._views:
                    self._show_curves(clock, display=False)
        self._show_curves(current)

    def _show_curves(self, clock, display=True):
        """Put every run on `clock` and show the curves: the stored view of that clock if there
        is one, else a full draw, stored. display=False draws and stores without showing."""
        self.clock = clock
        for run, lines in zip(self.runs, self._lines):
            self._set_lines(lines, run)
        self._rescale(self.runs)
        parts = [f"{settings_words(r)}: {r.outcome}, test accuracy {r.final_accuracy:.1%}, cost from "
                 f"{number(r.cost_after_epoch[0])} to {number(r.final_cost)}" for r in self.runs[-LEGEND_RUNS:]]
        alt = (f"Training cost C (log scale) and test accuracy against {clock} for the last runs: "
               + "; ".join(parts) + "." if parts else EMPTY)
        if clock not in self._views:
            self.curves.draw(full=True)
            self._drawn_clock = (clock, len(self.runs))
            self._views[clock] = encode_png(self.curves.rgba(), fast=True)
            if not self.runs:
                self._empty_views[clock] = self._views[clock]
        if display:
            with self.curves.widget.hold_sync():   # picture and text alternative in one message
                self.curves.widget.value = self._views[clock]
                self.curves.describe(alt)

    def _make_curves(self):
        self.curves = LivePlot(1, 2, figsize=(10.5, 4.6), dpi=80)
        self._ax_cost, self._ax_acc = self.curves.axes
        # a fixed layout with room below for the runs' legend, which grows
        self.curves.fig.set_layout_engine("none")
        self._ax_cost.set_position([0.08, 0.35, 0.38, 0.57])
        self._ax_acc.set_position([0.58, 0.35, 0.38, 0.57])
        self._legend_artist = None
        n_train, n_test = self.data[0][0].shape[1], self.data[1][0].shape[1]
        self._ax_cost.set_title(f"cost $C$ on {n_train:,} training images")
        self._ax_acc.set_title(f"test accuracy ({n_test:,} images; dotted: stalled)")
        self._redraw_curves(both_clocks=True)

    def _legend(self):
        if self._legend_artist is not None:
            self._legend_artist.remove()
            self._legend_artist = None
        if self.runs:
            self._legend_artist = self.curves.fig.legend(
                handles=[lines[1] for lines in self._lines[-LEGEND_RUNS:]], loc="lower center",
                ncol=2, bbox_to_anchor=(0.5, 0.0), frameon=False,
                title=f"runs, up to the last {LEGEND_RUNS} (thin lines: each run's mini-batch costs)")

    def _rescale(self, runs):
        rights = [float(r.clock(r.epoch_updates()[-1], self.clock)) for r in runs if r.cost_after_epoch]
        right = max(rights) if rights else (DEFAULT_EPOCHS if self.clock == "epochs" else 1000)
        format_run_axes(self._ax_cost, self._ax_acc, self.clock, right)
        costs = [c for lines in self._lines for ln in lines[:2] for c in ln.get_ydata()]
        costs += [c for r in runs for c in r.cost_after_epoch]
        positive = [c for c in costs if np.isfinite(c) and c > 0]
        low, high = (min(positive), max(positive)) if positive else (0.01, 5.0)
        self._ax_cost.set_ylim(low / 1.5, high * 1.5)

    def _make_hidden(self):
        self.hidden = LivePlot(figsize=(10.5, 3.9), dpi=80)
        self.hidden.fig.delaxes(self.hidden.axes)
        self._hidden_images = draw_hidden_weights(self.hidden.fig, neurons=10)
        self.hidden.fig.suptitle("the last run's first 10 hidden neurons: row j of $w^2$ as 28 × 28")

    def _make_digits(self):
        self.digits = LivePlot(1, 8, figsize=(8, 1.9), dpi=80)
        for ax in self.digits.axes:
            ax.imshow(np.zeros((28, 28)), cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(" ", fontsize=12)  # reserves the room the labels will take
        self.digits.fig.suptitle("the last run's misclassified test digits (true → predicted)")
        self._show_last(None)

    def _show_last(self, run):
        """The hidden neurons and the misclassified digits of `run` (None: empty)."""
        if run is None:
            for im in (im for row in self._hidden_images for im in row):
                im.set_data(np.zeros((28, 28)))
            self.hidden.describe("The first 10 hidden neurons' weights as 28 × 28 images, empty "
                                 "until a run finishes.")
        else:
            update_hidden_weights(run, self._hidden_images)
            self.hidden.describe("What the last run's hidden neurons learned: "
                                 + describe_hidden_weights(run, self.data[0][0]))
        self.hidden.redraw(full=True)
        X_test, labels_test = self.data[1]
        shown = [] if run is None else list(run.misclassified)
        for i, ax in enumerate(self.digits.axes):
            ax.images[0].set_data(X_test[:, shown[i]].reshape(28, 28) if i < len(shown) else np.zeros((28, 28)))
            ax.set_title(f"{labels_test[shown[i]]} → {run.predicted[shown[i]]}" if i < len(shown) else " ")
        pairs = ", ".join(f"{labels_test[k]} taken for {run.predicted[k]}" for k in shown)
        self.digits.describe(f"The first misclassified test digits of the last run: {pairs}."
                             if shown else "Misclassified test digits, empty until a run finishes.")
        self.digits.redraw(full=True)
