"""The static figures of notebook 01 (stochastic gradient descent), each with its text
alternative computed from the same numbers: `show(*figures.timing_figure(...))`.

- `timing_figure`: the time of one full gradient ∇C against n;
- `error_figure`: the relative error of the mini-batch estimate against m (log-log);
- `accuracy_figure`: test accuracy of runs with different m, against examples seen and time.

Every figure is in the lessons' one style (`kit.figures`). The cost surface's figures are in
`surface_figures`.
"""
import numpy as np

from bpcore.lessons.kit.figures import MIN_TEXT, new_figure


def timing_figure(ns, seconds, per_example):
    """Measured seconds of one ∇C for each n (dots) and the line through 0 of slope
    `per_example` (dashed). Returns (fig, alt)."""
    fig, ax = new_figure((6.4, 3.6))
    ns = np.asarray(ns)
    ax.plot(ns, 1000 * np.asarray(seconds), "o", markersize=7, label="measured")
    ax.plot([0, ns[-1]], [0, 1000 * per_example * ns[-1]], "--", label="a straight line through 0")
    ax.set(title="Time of one full-gradient evaluation", xlabel="number of training examples $n$",
           ylabel=r"time for $\nabla C$ (ms)", ylim=(0, None))
    ax.yaxis.set_label_coords(-0.12, 0.5)   # a fixed place: the figure's size must not follow the timings
    ax.legend(fontsize=MIN_TEXT)
    # the timings inside "(measured: ...)": the tests' nbval sanitizer masks what varies
    alt = (f"The time of one evaluation of the full gradient for n = {ns[0]:,} to {ns[-1]:,} "
           f"training examples as dots (measured: {1e6 * per_example:.1f} microseconds per example), "
           f"next to a straight line through 0 (dashed): the time grows in proportion to n.")
    return fig, alt


def error_figure(errors, grid, formula):
    """Log-log: every draw's relative error ||g_m − g||/||g|| (small dots), their root mean square
    for each m (circles) and the formula's curve over `grid` (solid). `errors[m]` holds the draws
    for m. Returns (fig, alt)."""
    fig, ax = new_figure((6.8, 4.2))
    sizes = sorted(errors)
    rms = [np.sqrt(np.mean(np.square(errors[m]))) for m in sizes]
    for m in sizes:
        ax.plot(np.full(len(errors[m]), m), errors[m], ".", color="C0", alpha=0.3,
                label="one mini-batch" if m == sizes[0] else None)
    ax.plot(sizes, rms, "o", color="C1", markeredgecolor="black", markersize=7,
            label="measured (root mean square)")
    ax.plot(grid, formula, "-", color="C2", label=r"formula $\sigma/(\sqrt{m}\,\|g\|)$, corrected near $m = n$")
    ax.set(xscale="log", yscale="log", title=r"Error of the mini-batch estimate of $\nabla C$",
           xlabel="mini-batch size $m$", ylabel=r"$\|g_m - g\| \,/\, \|g\|$")
    ax.legend(fontsize=MIN_TEXT, loc="lower left")
    at = dict(zip(sizes, rms))
    pairs = ", ".join(f"{at[m]:.2g} at m = {m}" for m in (1, 10, 100, 1000) if m in at)
    alt = (f"Log-log plot of the relative error of the mini-batch estimate of the gradient against "
           f"m from {sizes[0]} to {sizes[-1]:,}: the measured errors ({pairs}) fall on a straight "
           f"line of slope -1/2 with the formula's curve, which bends down to 0 near m = n.")
    return fig, alt


def accuracy_figure(runs, clocks, n):
    """Test accuracy of training runs against the examples seen (left) and the measured time
    (right): `runs[m]` lists the accuracies at the start and after each epoch, `clocks[m]` the
    wall clock at the same moments. Each run gets its own marker and line style, not colour
    alone. Returns (fig, alt).

    The time axis runs a little past its last tick, so no tick label sticks out of the axes: the
    figure's size does not depend on how long the runs took (only its curves do)."""
    styles = {n: "s-", 100: "^--", 10: "o:"}
    names = {n: "squares, solid", 100: "triangles, dashed", 10: "circles, dotted"}
    fig, (left, right) = new_figure((10, 3.8), ncols=2, sharey=True)
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
    left.legend(loc="lower right", bbox_to_anchor=(1, 0.14), fontsize=MIN_TEXT)
    epochs = min(len(acc) for acc in runs.values()) - 1
    reached = "; ".join(f"{'full batch' if m == n else f'm = {m}'} ({names.get(m, 'diamonds')}) "
                        f"{acc[epochs]:.0%}" for m, acc in runs.items())
    alt = (f"Test accuracy of {len(runs)} training runs against the training examples seen (left) "
           f"and the measured training time (right). After {epochs * n:,} examples: {reached}.")
    return fig, alt
