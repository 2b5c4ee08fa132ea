"""Figures of training runs (notebook 07): cost on a log axis, against epochs or updates.

The quadratic cost of a useful run falls from about 2 to a few hundredths: on a linear axis
every such run is squeezed against the bottom after the first epoch, so the cost axis here is
always logarithmic. The clock is "epochs" (every run has seen the same examples at the same x)
or "updates" (every run has taken the same number of steps; a symmetric-log axis, linear below
1 so the untrained network at 0 updates is drawn too).

Mini-batch costs: the scatter of single batches (`batches="dots"`) covers the whole axis at
m = 1, so with other runs on the same axes they are drawn as window means (`batches="means"`),
a thin line that follows the run. Each function returns the figure and its text alternative,
computed from the same numbers; a run's colour, marker and line style come from the lessons'
one figure style (`kit.figures.run_style`, which the dashboard uses too).
"""
import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bpcore.lessons.kit.figures import new_figure, run_style

__all__ = ["plot_runs", "format_run_axes", "batch_cost_figure", "clock_figure",
           "compare_at_equal_updates", "eta_figure", "misclassified_figure"]


def _two_and_five(c, _position):
    """Labels 0.2, 0.5, 2, 5, ... between the powers of ten of a log axis (plain numbers)."""
    leading = c / 10 ** np.floor(np.log10(c) + 1e-9)
    return f"{c:g}" if round(leading) in (2, 5) and abs(leading - round(leading)) < 1e-6 else ""


def format_run_axes(ax_cost, ax_acc, clock, right):
    """Axis scales, labels and x limits for runs up to x = `right` on the `clock`."""
    for ax in (a for a in (ax_cost, ax_acc) if a is not None):
        if clock == "updates":
            ax.set_xscale("symlog", linthresh=1, linscale=0.3)
            ax.set_xlim(0, max(right, 1) * 1.5)
            ax.set_xlabel("updates (steps), symmetric log scale")
        else:
            ax.set_xscale("linear")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_xlim(-0.2, max(right, 1) + 0.2)
            ax.set_xlabel("epochs (examples seen ÷ n)")
    ax_cost.set_yscale("log")
    ax_cost.yaxis.set_major_formatter(FuncFormatter(lambda c, _: f"{c:g}"))
    ax_cost.yaxis.set_minor_formatter(FuncFormatter(_two_and_five))
    ax_cost.set_ylabel("quadratic cost $C$ (log scale)")
    if ax_acc is not None:
        ax_acc.set(ylabel="test accuracy", ylim=(0, 1))


def plot_runs(runs, ax_cost, ax_acc=None, names=None, batches="means", clock="epochs"):
    """Runs side by side: cost C after each epoch on `ax_cost` (log scale) with the mini-batch
    costs behind it (`batches`: "means", "dots" or False), and test accuracy after each epoch on
    `ax_acc` (None: no accuracy), against `clock` ("epochs" or "updates"). Labels: `names`, or
    each run's own label (which says how it ended)."""
    if batches not in ("means", "dots", False):
        raise ValueError(f"batches must be 'means', 'dots' or False, got {batches!r}")
    given = names is not None
    names = names or [r.label for r in runs]
    for k, (run, name) in enumerate(zip(runs, names)):
        style = run_style(k, run.outcome == "finished")
        if batches and run.batch_costs:
            if batches == "dots":
                costs = np.concatenate(run.batch_costs)
                ax_cost.plot(run.clock(np.arange(len(costs)), clock), costs, color=style["color"],
                             linestyle="none", marker=".", markersize=2, markeredgewidth=0,
                             alpha=0.3, zorder=1)
            else:
                updates, means = run.batch_cost_means()
                ax_cost.plot(run.clock(updates, clock), means, color=style["color"],
                             linewidth=1, alpha=0.6, zorder=1)
        label = name if run.outcome == "finished" or not given else f"{name} ({run.outcome})"
        x = run.clock(run.epoch_updates(), clock)
        ax_cost.plot(x, run.cost_after_epoch, zorder=3, label=label, **style)
        if ax_acc is not None:
            ax_acc.plot(x, run.accuracy_after_epoch, zorder=3, label=label, **style)
    right = max(float(r.clock(r.epoch_updates()[-1], clock)) for r in runs)
    format_run_axes(ax_cost, ax_acc, clock, right)


def _figure(ncols, width, height=3.6, **kwargs):
    fig, axes = new_figure((width, height), ncols, squeeze=False, **kwargs)
    return fig, axes[0]


def batch_cost_figure(runs_by_m):
    """One panel per run (a dict m → Run): every mini-batch's cost a faint dot behind the cost
    after each epoch, on one log axis. Shows how the batch costs scatter less as m grows."""
    fig, axes = _figure(len(runs_by_m), 10.5, sharey=True)
    spread = {m: float(np.std(r.batch_costs[-1])) for m, r in runs_by_m.items()}
    for ax, (m, run) in zip(axes, runs_by_m.items()):
        plot_runs([run], ax, names=[f"m = {m}"], batches="dots")
        ax.set_title(f"m = {m}: {run.updates_per_epoch:,} batches per epoch")
    axes[0].set_ylim(1e-6, 5)
    for ax in axes[1:]:
        ax.set_ylabel("")
    parts = ", ".join(f"m = {m}: standard deviation ≈ {s:.1g}" for m, s in spread.items())
    alt = ("Cost after each epoch for " + ", ".join(f"m = {m}" for m in runs_by_m) + " on one log "
           "scale from 0.000001 to 5, each mini-batch's cost a faint dot behind it; the dots of the "
           f"smallest m scatter over the whole height and narrow to a band as m grows ({parts}, "
           "in the last epoch).")
    return fig, alt


def compare_at_equal_updates(runs_by_m):
    """Lines comparing each pair of runs (a dict m → Run, same η) at an equal number of updates
    that both measured after a whole epoch: e.g. m = 10 after 1 epoch and m = 100 after 10 epochs
    have both made 800 updates."""
    lines, items = [], sorted(runs_by_m.items())
    for (m_small, small), (m_large, large) in zip(items, items[1:]):
        shared = sorted(set(small.epoch_updates().tolist()) & set(large.epoch_updates().tolist()) - {0})
        for updates in shared[:1]:
            e_small, e_large = (int(updates // r.updates_per_epoch) for r in (small, large))
            lines.append(f"after {updates:,} updates: m = {m_small} (epoch {e_small}) C = "
                         f"{small.cost_after_epoch[e_small]:.3f}; m = {m_large} (epoch {e_large}) "
                         f"C = {large.cost_after_epoch[e_large]:.3f}")
    return lines


def clock_figure(runs_by_m):
    """The same runs (a dict m → Run) twice: cost against epochs (left) and against updates
    (right), each with its window means of the mini-batch costs."""
    fig, (ax_epochs, ax_updates) = _figure(2, 10.5, 3.8)
    runs, names = list(runs_by_m.values()), [f"m = {m}" for m in runs_by_m]
    plot_runs(runs, ax_epochs, names=names, clock="epochs")
    plot_runs(runs, ax_updates, names=names, clock="updates")
    ax_epochs.set_title("on a clock of epochs (examples seen)")
    ax_updates.set_title("on a clock of updates (steps)")
    ax_updates.legend(loc="lower left")
    ends = "; ".join(f"m = {m}: C = {r.final_cost:.3f} after {r.epochs} epochs = "
                     f"{r.epoch_updates()[-1]:,} updates" for m, r in runs_by_m.items())
    alt = ("Cost (log scale) of runs with " + ", ".join(names) + " against epochs (left) and "
           "against updates (right, log scale), the mini-batch costs' window means as thin lines. "
           f"{ends}. " + ". ".join(compare_at_equal_updates(runs_by_m)) + ".")
    return fig, alt


def eta_figure(runs_by_name):
    """Cost (log scale) and test accuracy after each epoch of runs named by their η."""
    fig, (ax_cost, ax_acc) = _figure(2, 10.5, 3.6)
    names, runs = list(runs_by_name), list(runs_by_name.values())
    plot_runs(runs, ax_cost, ax_acc, names=names, batches=False)
    ax_cost.set_title(f"training cost, m = {runs[0].m}")
    ax_acc.set_title(f"test accuracy, m = {runs[0].m}")
    ax_acc.legend(loc="center right")
    parts = "; ".join(f"{n}: C from {r.cost_after_epoch[0]:.2f} to {r.final_cost:.2f}, accuracy "
                      f"{r.final_accuracy:.0%}, {r.outcome}" for n, r in runs_by_name.items())
    alt = f"Cost (log scale) and test accuracy after each epoch, one line per η (dotted: stalled). {parts}."
    return fig, alt


def misclassified_figure(run, X_test, labels_test):
    """The first test digits `run` gets wrong, titled "true → predicted"."""
    wrong = run.misclassified
    fig, axes = _figure(len(wrong), 10, 2.0)
    for ax, k in zip(axes, wrong):
        ax.imshow(X_test[:, k].reshape(28, 28), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(f"{labels_test[k]} → {run.predicted[k]}", fontsize=12)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(f"misclassified test digits, true → predicted ({1 - run.final_accuracy:.1%} of "
                 "the test set are wrong)")
    pairs = ", ".join(f"{labels_test[k]} taken for {run.predicted[k]}" for k in wrong)
    return fig, f"The first {len(wrong)} test digits the run gets wrong: {pairs}."
