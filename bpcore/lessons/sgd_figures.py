"""The figures of notebook 01 (stochastic gradient descent): the drawing, out of the student's way.

- `draw_cost_surface`: the contours of one sigmoid neuron's C(w, b) (`cost_surface`), with the
  start and the minimum marked and two empty path lines, gradient descent and SGD, to move;
- `EstimateHistograms`: histograms of mini-batch estimates of chosen ∂C/∂w^l_{jk}, one panel each,
  with the exact value marked.
Formulas and labels use the lecture's 1-based indices; the arguments are numpy's 0-based ones.
"""
import numpy as np
from matplotlib import colormaps

from . import cost_surface

GD_STYLE = dict(color="black", linestyle="-", marker="o", markersize=3, linewidth=1.5)
SGD_STYLE = dict(color="#D55E00", linestyle="--", marker="s", markersize=2.5, linewidth=1.2)
MINIMUM = (1.9419, -0.8359)        # where gradient descent on cost_surface's data set settles
LEVELS = [0.0015, 0.003, 0.006, 0.012, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]
# viridis without its palest yellows, so every contour keeps its contrast on white
LEVEL_COLORS = np.linspace(0.0, 0.85, len(LEVELS))


def draw_cost_surface(ax, start, w_range=(-6, 24), b_range=(-10, 10), points=241):
    """Contour lines of C(w, b) on `ax` (viridis, labelled with their cost), the start point,
    the minimum, axis labels and a legend. Returns the two path lines (gradient descent, SGD),
    empty, for the caller to fill with `set_data`, then the start and minimum markers.

    The markers sit above the paths (zorder 5) in a full draw; a `LivePlot` draws its moving
    artists in the order registered, so register all four, paths first, to keep the markers on
    top there too."""
    W, B = np.meshgrid(np.linspace(*w_range, points), np.linspace(*b_range, points))
    lines = ax.contour(W, B, cost_surface.cost(W, B), levels=LEVELS, linewidths=0.8,
                       colors=[colormaps["viridis"](t) for t in LEVEL_COLORS])
    ax.clabel(lines, fontsize=7, fmt="%g")
    start_marker, = ax.plot(*start, "*", color="black", markersize=11, zorder=5,
                            label=f"start (w, b) = {tuple(start)}")
    minimum_marker, = ax.plot(*MINIMUM, "P", color="white", markeredgecolor="black", markersize=9,
                              zorder=5, label="minimum of C")
    gd, = ax.plot([], [], label="gradient descent (all n examples)", **GD_STYLE)
    sgd, = ax.plot([], [], label="SGD (mini-batches of m)", **SGD_STYLE)
    ax.set_xlim(w_range)
    ax.set_ylim(b_range)
    ax.set_xlabel("weight $w$")
    ax.set_ylabel("bias $b$")
    ax.set_title(r"Cost $C(w, b)$ of one sigmoid neuron (contours) and two descent paths")
    ax.legend(loc="lower left", fontsize=8)
    return gd, sgd, start_marker, minimum_marker


class EstimateHistograms:
    """One panel per weight component (l, j, k) (0-based j, k, as numpy indexes w^l): a histogram
    of mini-batch estimates, a vertical line at the exact ∂C/∂w^l_{jk}, and a text box.

    `values` holds the per-example contributions (rows from `sampling.weight_components`); the
    bins span their 1st to 99th percentile. The y-axis steps through fixed heights, so most
    slider moves change only the bars and the text (`artists`), not the axes.
    """
    HEIGHTS = (60, 240, 400)

    def __init__(self, axes, values, components, draws):
        self.edges = [np.linspace(*np.quantile(v, [0.01, 0.99]), 61) for v in values]
        self.bars, self.texts = [], []
        for ax, (l, j, k), edges, exact in zip(axes, components, self.edges, values.mean(axis=1)):
            self.bars.append(ax.stairs(np.zeros(60), edges, fill=True, alpha=0.6,
                                       label=f"{draws} mini-batches"))
            ax.axvline(exact, color="black", linestyle="--", label=r"exact $\partial C/\partial w$")
            ax.set_title(rf"$\partial C/\partial w^{l}_{{{j + 1},{k + 1}}}$  (net.w({l})[{j}, {k}])",
                         fontsize=10)
            ax.set_xlabel("mini-batch estimate")
            self.texts.append(ax.text(0.02, 0.95, "", transform=ax.transAxes, va="top", fontsize=9))
        axes[0].set_ylabel("number of mini-batches")
        axes[0].legend(loc="upper right", fontsize=8)
        self.axes = axes
        self.artists = self.bars + self.texts

    def set_estimates(self, estimates, m):
        """Show `estimates` (shape (draws, components)) for mini-batch size m. Returns True when
        an axis changed height (the whole figure must be redrawn), else False."""
        rescaled = False
        for ax, bars, edges, est, text in zip(self.axes, self.bars, self.edges, estimates.T, self.texts):
            counts, _ = np.histogram(est, edges)        # estimates beyond the axes are left out
            bars.set_data(counts)
            top = next((h for h in self.HEIGHTS if h >= counts.max()), self.HEIGHTS[-1])
            if ax.get_ylim()[1] != top:
                ax.set_ylim(0, top)
                rescaled = True
            text.set_text(f"m = {m}\nsd = {est.std():.2g}")
        return rescaled

    def describe(self, estimates, m, components):
        """The figure's text alternative for these estimates."""
        names = ", ".join(f"w^{l}_{j + 1},{k + 1}" for l, j, k in components)
        sds = ", ".join(f"{s:.2g}" for s in estimates.std(axis=0))
        return (f"Histograms of {len(estimates)} mini-batch estimates with m = {m} of the derivatives "
                f"of C with respect to {names}, each around its exact value (dashed line); "
                f"standard deviations {sds}: the spread narrows as m grows.")


def describe_paths(gd, sgd, eta, m, seed):
    """The cost-surface figure's text alternative: where both paths end, and how far SGD strays."""
    strays = np.linalg.norm(sgd - gd, axis=1).max()
    return (f"Contours of the cost C(w, b) of one sigmoid neuron, lowest near "
            f"({MINIMUM[0]:.2f}, {MINIMUM[1]:.2f}). "
            f"From the start ({gd[0, 0]:g}, {gd[0, 1]:g}), {len(gd) - 1} updates with learning rate {eta:.3g}: gradient "
            f"descent (solid black line, dots) ends at ({gd[-1, 0]:.2f}, {gd[-1, 1]:.2f}), where "
            f"C = {cost_surface.cost(*gd[-1]):.4f}; SGD with mini-batches of m = {m}, seed {seed} "
            f"(dashed orange line, squares) ends at ({sgd[-1, 0]:.2f}, {sgd[-1, 1]:.2f}), where "
            f"C = {cost_surface.cost(*sgd[-1]):.4f}, and strays at most {strays:.2g} from the "
            f"gradient-descent path.")


def accuracy_figure(runs, clocks, n):
    """Test accuracy of training runs against the examples seen (left) and the measured time
    (right): `runs[m]` lists the accuracies at the start and after each epoch, `clocks[m]` the wall
    clock at the same moments. Each run gets its own marker and line style, not colour alone.

    The time axis runs a little past its last tick, so no tick label sticks out of the axes: the
    figure's size does not depend on how long the runs took (only its curves do)."""
    import matplotlib.pyplot as plt

    styles = {n: "s-", 100: "^--", 10: "o:"}
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), sharey=True)
    for m, acc in runs.items():
        label = "full batch, $m = n$" if m == n else f"$m = {m}$"
        style = styles.get(m, "d-.")
        left.plot(np.arange(len(acc)) * n / 1000, acc, style, label=label)
        right.plot(np.subtract(clocks[m], clocks[m][0]), acc, style, label=label)
    t_max = max(c[-1] - c[0] for c in clocks.values())
    step = 0.2 if t_max <= 1.2 else 0.5 if t_max <= 3 else 2.0
    end = step * np.ceil(t_max / step)
    right.set(xlim=(0, 1.06 * end), xticks=np.arange(0, end + step / 2, step))
    right.xaxis.set_major_formatter("{x:.1f}")
    left.set(title="Equal examples seen", xlabel="training examples seen (thousands)",
             ylabel="test accuracy")
    right.set(title="Equal time (measured)", xlabel="training time (s)")
    left.legend(loc="lower right", bbox_to_anchor=(1, 0.14))   # right of the mini-batch runs, above full batch
    return fig
