"""The drawings of one sigmoid neuron's cost surface (`cost_surface`) for notebook 01.

- `draw_cost_surface`: the contours of C(w, b), start and minimum marked, and two empty path
  lines, gradient descent and SGD, for a live figure to move; `describe_paths` says in words
  where they went;
- `CurvatureView`: near the minimum, the contours with the Hessian's two eigen-directions, one
  gradient-descent path, and its distance to the minimum against the update, next to what the
  bowl C ≈ C* + u^T H u / 2 predicts, |(I − η H)^t u_0|.
"""
import numpy as np
from matplotlib import colormaps

from bpcore.lessons.kit.figures import MIN_TEXT
from bpcore.lessons.lecture.curvature import curvature, step_factor

from . import cost_surface

GD_STYLE = dict(color="black", linestyle="-", marker="o", markersize=3.5, linewidth=1.5)
SGD_STYLE = dict(color="#D55E00", linestyle="--", marker="s", markersize=3, linewidth=1.2)
MINIMUM = tuple(float(v) for v in cost_surface.minimum())
LEVELS = [0.0015, 0.003, 0.006, 0.012, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]
# viridis without its palest yellows, so every contour keeps its contrast on white
LEVEL_COLORS = np.linspace(0.0, 0.85, len(LEVELS))
FLOOR = 1e-8      # the distance axis's floor: smaller distances are drawn on it


def _contours(ax, w_range, b_range, points, levels):
    W, B = np.meshgrid(np.linspace(*w_range, points), np.linspace(*b_range, points))
    colors = [colormaps["viridis"](t) for t in np.linspace(0.0, 0.85, len(levels))]
    lines = ax.contour(W, B, cost_surface.cost(W, B), levels=levels, linewidths=0.8, colors=colors)
    ax.clabel(lines, fontsize=MIN_TEXT, fmt="%g")
    ax.set_xlim(w_range)
    ax.set_ylim(b_range)
    ax.set_xlabel("weight $w$")
    ax.set_ylabel("bias $b$")


def _minimum_marker(ax):
    marker, = ax.plot(*MINIMUM, "P", color="white", markeredgecolor="black", markersize=10,
                      zorder=5, label="minimum of C")
    return marker


def draw_cost_surface(ax, start, w_range=(-6, 24), b_range=(-10, 10), points=241):
    """Contour lines of C(w, b) on `ax` (viridis, labelled with their cost), the start point,
    the minimum, axis labels and a legend. Returns the two path lines (gradient descent, SGD),
    empty, for the caller to fill with `set_data`, then the start and minimum markers.

    The markers sit above the paths (zorder 5) in a full draw; a `LivePlot` draws its moving
    artists in the order registered, so register all four, paths first, to keep the markers on
    top there too."""
    _contours(ax, w_range, b_range, points, LEVELS)
    start_marker, = ax.plot(*start, "*", color="black", markersize=12, zorder=5,
                            label=f"start (w, b) = {tuple(start)}")
    minimum_marker = _minimum_marker(ax)
    gd, = ax.plot([], [], label="gradient descent (all n examples)", **GD_STYLE)
    sgd, = ax.plot([], [], label="SGD (mini-batches of m)", **SGD_STYLE)
    ax.set_title(r"Cost $C(w, b)$ of one sigmoid neuron and two descent paths", fontsize=MIN_TEXT + 1)
    ax.legend(loc="lower left", fontsize=MIN_TEXT)
    return gd, sgd, start_marker, minimum_marker


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


class CurvatureView:
    """Gradient descent near the minimum p*, and why it settles or not: on `surface` the contours
    with the steepest (λ_max) and flattest (λ_min) directions of the Hessian H at p* and the
    path from `start`; on `distance` (log scale) ||p_t − p*|| against t, measured on the real
    cost, and the bowl's prediction ||(I − η H)^t (p_0 − p*)||.

    `set_eta(eta)` recomputes both curves and returns the text alternative. `artists` are what
    it changes (register them with `LivePlot.moving`)."""

    def __init__(self, surface, distance, start, steps=40, half_width=0.6):
        self.start, self.steps = tuple(float(v) for v in start), steps
        self.minimum = np.array(MINIMUM)
        self.hessian = cost_surface.hessian(*self.minimum)
        bowl = curvature(self.hessian)
        self.lam, vectors = bowl.eigenvalues, bowl.eigenvectors
        w, b = self.minimum
        _contours(surface, (w - half_width, w + half_width), (b - half_width, b + half_width), 121,
                  [0.0011, 0.0012, 0.0014, 0.0018, 0.0025, 0.0035, 0.005])
        for vector, name, style in ((vectors[:, 1], r"steepest, $\lambda_{max}$", "-"),
                                    (vectors[:, 0], r"flattest, $\lambda_{min}$", ":")):
            ends = self.minimum + np.outer([-0.9, 0.9], half_width * vector)
            surface.plot(ends[:, 0], ends[:, 1], style, color="grey", linewidth=1.2, label=name)
        surface.plot(*self.start, "*", color="black", markersize=12, zorder=5, label="start")
        minimum_marker = _minimum_marker(surface)
        self.path, = surface.plot([], [], label="gradient descent", **GD_STYLE)
        surface.set_title("Near the minimum", fontsize=MIN_TEXT + 1)
        surface.legend(loc="lower left", fontsize=MIN_TEXT, framealpha=0.9)
        t = np.arange(steps + 1)
        self.measured, = distance.plot(t, np.ones_like(t, dtype=float), "o-", color="black",
                                       markersize=3.5, label="measured on C")
        self.bowl, = distance.plot(t, np.ones_like(t, dtype=float), "--", color="#D55E00",
                                   linewidth=2, label=r"bowl: $(I - \eta H)^t u_0$")
        distance.axhline(np.linalg.norm(np.subtract(self.start, self.minimum)), color="grey",
                         linewidth=0.8, label="distance at the start")
        distance.set(yscale="log", ylim=(FLOOR, 10), xlim=(0, steps), xlabel="update $t$",
                     ylabel=r"distance to the minimum $\|p_t - p^*\|$")
        distance.set_title("", fontsize=MIN_TEXT + 1)
        self.title = distance.title
        distance.legend(loc="lower left", fontsize=MIN_TEXT)
        # the minimum's mark is drawn after the path (LivePlot draws moving artists in order)
        self.artists = (self.path, minimum_marker, self.measured, self.bowl, self.title)

    def paths(self, eta):
        """(path on the real cost, its distances to p*, the bowl's distances) for η."""
        path = cost_surface.gradient_descent(self.start, eta, self.steps)
        step = np.eye(2) - eta * self.hessian
        u = np.subtract(self.start, self.minimum)
        bowl = [np.linalg.norm(u)]
        for _ in range(self.steps):
            u = step @ u
            bowl.append(np.linalg.norm(u))
        return path, np.linalg.norm(path - self.minimum, axis=1), np.array(bowl)

    def set_eta(self, eta):
        path, measured, bowl = self.paths(eta)
        self.path.set_data(path[:, 0], path[:, 1])
        # distances below the axis (0 after rounding) are drawn at its floor, not left out
        self.measured.set_ydata(np.maximum(measured, FLOOR))
        self.bowl.set_ydata(np.clip(bowl, FLOOR, 100))
        flat, steep = step_factor(eta, self.lam)
        self.title.set_text(rf"$\eta$ = {eta:g}: $|1 - \eta\lambda_{{max}}|$ = {steep:.3f}, "
                            rf"$|1 - \eta\lambda_{{min}}|$ = {flat:.3f}")
        verdict = ("both factors are below 1, so the path settles" if max(steep, flat) < 1 else
                   "the steepest direction's factor exceeds 1, so the path is pushed away from the minimum")
        return (f"Gradient descent with learning rate {eta:g} from ({self.start[0]:.3f}, "
                f"{self.start[1]:.3f}), near the minimum ({self.minimum[0]:.3f}, {self.minimum[1]:.3f}), "
                f"drawn over the contours with the steepest and flattest directions of the cost. "
                f"Per update the bowl multiplies the distance along the steepest direction by "
                f"{steep:.3f} and along the flattest by {flat:.3f}: {verdict}. After {self.steps} "
                f"updates the distance is {measured[-1]:.2g} measured on the cost, {bowl[-1]:.2g} "
                f"in the bowl (right panel, log scale).")
