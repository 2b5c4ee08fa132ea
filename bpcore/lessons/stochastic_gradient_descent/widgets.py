"""The live figures of notebook 01, wired to their sliders: each function returns an
`Interactive` (the notebook cell's last expression) that also keeps the figure as first drawn.

- `paths_explorer`: gradient descent and SGD on one neuron's cost surface (η, m, seed);
- `curvature_explorer`: gradient descent near the minimum and the bowl's |1 − η λ| (η);
- `estimates_explorer`: histograms of mini-batch estimates of weight derivatives (m).

Each control is one call of a `kit.controls` slider with a description and a tooltip.
"""
import numpy as np

from bpcore.lessons.kit.controls import FloatLogSlider, FloatSlider, IntSlider, SelectionSlider
from bpcore.lessons.kit.figures import MIN_TEXT
from bpcore.lessons.kit.widgets import LivePlot, interactive
from bpcore.lessons.lecture.curvature import curvature

from . import cost_surface, sampling
from .surface_figures import CurvatureView, describe_paths, draw_cost_surface


def paths_explorer(start=(-4, 3), steps=100, eta=10.0, m=1, seed=0):
    """`steps` updates of gradient descent and of SGD with mini-batches of m, from `start`,
    drawn over the contours of C(w, b); sliders for η (log scale, 1 to 1000), m and the seed."""
    live = LivePlot(figsize=(7.5, 5.2))
    # contours drawn once; what moves: the two paths, then the start and minimum marks over them
    gd_line, sgd_line, *_ = live.moving(*draw_cost_surface(live.axes, start))
    n = cost_surface.X_DATA.size

    def update(eta, m, seed):
        gd = cost_surface.gradient_descent(start, eta, steps)
        sgd = cost_surface.sgd_path(start, eta, m, steps, seed)
        gd_line.set_data(gd[:, 0], gd[:, 1])
        sgd_line.set_data(sgd[:, 0], sgd[:, 1])
        live.describe(describe_paths(gd, sgd, eta, m, seed))
        live.redraw()

    return interactive(
        live, update,
        eta=FloatLogSlider(value=eta, base=10, min=0, max=3, step=0.05, description="η",
                           tooltip="learning rate η"),
        m=IntSlider(value=m, min=1, max=n, description="m", tooltip="mini-batch size m of SGD"),
        seed=IntSlider(value=seed, min=0, max=20, description="seed",
                       tooltip="seed of the shuffling of the examples in SGD"))


def curvature_start(offset=0.05):
    """A start near the minimum: `offset` along each eigen-direction of the Hessian there."""
    minimum = cost_surface.minimum()
    return tuple(minimum + offset * curvature(cost_surface.hessian(*minimum)).eigenvectors.sum(axis=1))


def curvature_explorer(eta=60.0, steps=40):
    """Gradient descent from `curvature_start()` with a slider for η (2 to 120)."""
    live = LivePlot(1, 2, figsize=(10, 4.2))
    view = CurvatureView(*live.axes, curvature_start(), steps=steps)
    live.moving(*view.artists)

    def update(eta):
        live.describe(view.set_eta(eta))
        live.redraw()

    return interactive(live, update,
                       eta=FloatSlider(value=eta, min=2, max=120, step=1, description="η",
                                       tooltip="learning rate η of gradient descent"))


class EstimateHistograms:
    """One panel per weight component (l, j, k) (the lecture's w^l_{jk}, j and k from 1): a histogram
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
            ax.set_title(rf"$\partial C/\partial w^{l}_{{{j},{k}}}$  (net.w({l})[{j - 1}, {k - 1}])",
                         fontsize=MIN_TEXT + 1)
            ax.set_xlabel("mini-batch estimate")
            self.texts.append(ax.text(0.02, 0.95, "", transform=ax.transAxes, va="top", fontsize=MIN_TEXT))
        axes[0].set_ylabel("number of mini-batches")
        axes[0].legend(loc="upper right", fontsize=MIN_TEXT)
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
        names = ", ".join(f"w^{l}_{j},{k}" for l, j, k in components)
        sds = ", ".join(f"{s:.2g}" for s in estimates.std(axis=0))
        return (f"Histograms of {len(estimates)} mini-batch estimates with m = {m} of the derivatives "
                f"of C with respect to {names}, each around its exact value (dashed line); "
                f"standard deviations {sds}: the spread narrows as m grows.")


def estimates_explorer(values, components, draws=400, m=10):
    """Histograms of `draws` mini-batch estimates of each component (rows of `values`, from
    `sampling.weight_components`), with a slider for m; mini-batch m is drawn with seed m."""
    live = LivePlot(1, len(components), figsize=(10, 3.6))
    hist = EstimateHistograms(live.axes, values, components, draws)
    live.moving(*hist.artists)                 # only the bars and the texts change

    def update(m):
        estimates = sampling.minibatch_means(values, m, draws, seed=m)
        live.describe(hist.describe(estimates, m, components))
        live.redraw(full=hist.set_estimates(estimates, m))

    return interactive(live, update,
                       m=SelectionSlider(options=[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
                                         value=m, description="m", tooltip="mini-batch size m"))
