"""The figures of notebook 04, each drawn beside its text alternative from the same numbers.

`pixel_gradients`, `output_errors` and `activations` return a `FigureImage` (the cell's last
expression displays it); the `*_figure` functions draw the bare matplotlib figure.
"""
import numpy as np

from bpcore.activations import sigmoid, sigmoid_prime
from bpcore.lessons.kit.figures import MIN_TEXT, figure_image, new_figure


def pixel_gradients(grad_per_pixel, mean_pixel, always_zero):
    """Σ_j |∂C/∂w²_jk| per pixel k, as an image and against the pixel's mean activation."""
    r = float(np.corrcoef(mean_pixel, grad_per_pixel)[0, 1])
    on_zero = bool(np.all(grad_per_pixel[always_zero] == 0))
    alt = (f"Left: the summed weight gradient of each of the {grad_per_pixel.size} pixels as a 28 × 28 image, "
           f"a blurred digit, dark (zero) at the border. Right: the same against the pixel's mean activation; "
           f"the {int(always_zero.sum())} pixels that are 0 in every image (crosses) "
           f"{'all sit at zero gradient' if on_zero else 'do not all sit at zero'}, and the gradient grows with "
           f"the mean activation (correlation {r:.3f}).")
    return figure_image(pixel_gradient_figure(grad_per_pixel, mean_pixel, always_zero), alt)


def output_errors(a_out, delta_out, Y):
    """|δ^L_j| against a^L_j for every output neuron and example, split by the target."""
    wrong = np.abs(a_out - Y) >= 0.99
    middle = (np.abs(a_out - Y) >= 0.4) & (np.abs(a_out - Y) < 0.6)

    def median(chosen):
        return f"{np.median(np.abs(delta_out[chosen])):.1e}" if chosen.any() else "not defined (there are none)"
    alt = (f"The output error |δ^L_j| against the output activation a^L_j for {a_out.shape[0]} output neurons "
           f"on {a_out.shape[1]} images, circles for target 0 and triangles for target 1, each on its curve "
           f"|a − y| a(1 − a). Both curves fall to zero at the very wrong end: the median |δ| of the "
           f"{int(wrong.sum())} outputs off by 0.99 or more is {median(wrong)}, of the "
           f"{int(middle.sum())} off by 0.4 to 0.6 it is {median(middle)}.")
    return figure_image(output_error_figure(a_out, delta_out, Y), alt)


def activations():
    """σ and the rescaled softsign f, and their derivatives on a log scale."""
    f20, f_prime20 = (float(v) for v in softsign_unit(20.0))
    alt = (f"Left: σ(z) (solid) and the rescaled softsign f(z) (dashed) from z = −20 to 20, both rising from 0 "
           f"to 1 through 1/2 at z = 0 in similar S shapes, but f approaches 1 much more slowly "
           f"(f(20) = {f20:.3f}). Right: their derivatives on a log scale: σ′ falls in a straight line "
           f"(exponentially) to {float(sigmoid_prime(20.0)):.0e} at z = 20, f′ only to {f_prime20:.0e}.")
    return figure_image(activation_figure(), alt)


# --- 04: Backprop Insight 1 -----------------------------------------------------------------

def pixel_gradient_figure(grad_per_pixel, mean_pixel, always_zero):
    """Left: Σ_j |∂C/∂w^2_jk| per pixel k as a 28 × 28 image; right: the same against the
    pixel's mean activation, the always-dark pixels marked apart (marker and label, not colour)."""
    fig, (left, right) = new_figure((10, 3.9), 2)
    image = left.imshow(grad_per_pixel.reshape(28, 28), cmap="viridis")
    left.set_title("Weight gradient per input pixel $k$:\n"
                   r"$\sum_{j} |\partial C/\partial w^2_{jk}|$", fontsize=MIN_TEXT)
    left.set(xlabel="pixel column", ylabel="pixel row")
    fig.colorbar(image, ax=left)
    right.scatter(mean_pixel[~always_zero], grad_per_pixel[~always_zero], s=8, marker="o",
                  label="pixels that are sometimes on")
    right.scatter(mean_pixel[always_zero], grad_per_pixel[always_zero], s=40, marker="x",
                  color="C1", label=f"the {always_zero.sum()} pixels that are 0\nin every image of the batch")
    right.set_title("Weight gradient against input activation", fontsize=MIN_TEXT)
    right.set_xlabel(r"mean input activation $\bar a^1_k$ over the batch")
    right.set_ylabel(r"$\sum_j |\partial C/\partial w^2_{jk}|$")
    right.legend(loc="upper left", fontsize=MIN_TEXT)
    return fig


def output_error_figure(a_out, delta_out, Y):
    """|δ^L_j| against a^L_j for every output neuron and example, split by the target (marker
    and colour), with the curves |a − y| a(1 − a) and the two saturated, very wrong corners."""
    fig, ax = new_figure((6.8, 4.0))
    a_grid = np.linspace(0, 1, 201)
    for target, marker, color in ((0, "o", "C0"), (1, "^", "C1")):
        chosen = Y == target
        ax.scatter(a_out[chosen], np.abs(delta_out[chosen]), s=6, marker=marker, alpha=0.4, color=color,
                   label=f"examples with target $y_j = {target}$")
        ax.plot(a_grid, np.abs(a_grid - target) * a_grid * (1 - a_grid), "k", lw=0.5)
    # direct labels at the curves' peaks (a = 1/3 for y = 1, a = 2/3 for y = 0, both 4/27): the
    # markers alone are hard to tell apart where the points crowd
    for a_peak, target in ((1 / 3, 1), (2 / 3, 0)):
        ax.text(a_peak, 4 / 27 + 0.006, f"$y_j = {target}$", ha="center", va="bottom", fontsize=MIN_TEXT,
                bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="0.5", alpha=0.9))
    ax.annotate("target 0, output near 1:\nvery wrong, yet δ ≈ 0", xy=(0.99, 0.005), xytext=(0.58, 0.05),
                arrowprops={"arrowstyle": "->"}, fontsize=MIN_TEXT)
    ax.annotate("target 1, output near 0:\nvery wrong, yet δ ≈ 0", xy=(0.01, 0.005), xytext=(0.1, 0.1),
                arrowprops={"arrowstyle": "->"}, fontsize=MIN_TEXT)
    ax.set_title("Output error against output activation:\n"
                 r"$|\delta^L_j| = |a^L_j - y_j|\,a^L_j(1 - a^L_j)$", fontsize=MIN_TEXT)
    ax.set_xlabel(r"output activation $a^L_j$")
    ax.set_ylabel(r"$|\delta^L_j|$ (sets $|\partial C/\partial w^L_{jk}|$)")
    ax.set_ylim(0, 0.2)
    ax.legend(markerscale=3, loc="upper right", fontsize=MIN_TEXT)
    return fig


# --- 04: Backprop Insight 2 -----------------------------------------------------------------

def softsign_unit(z):
    """f(z) = (1 + softsign(z/2)) / 2 and its derivative f′(z) = 1 / (4 (1 + |z|/2)²)."""
    z = np.asarray(z, dtype=float)
    return 0.5 * (1 + (z / 2) / (1 + np.abs(z / 2))), 1 / (4 * (1 + np.abs(z) / 2) ** 2)


def activation_figure():
    """σ and the rescaled softsign f (left), and their derivatives on a log scale (right)."""
    z = np.linspace(-20, 20, 801)
    f, f_prime = softsign_unit(z)
    fig, (left, right) = new_figure((10, 3.6), 2)
    left.plot(z, sigmoid(z), "C0-", label=r"$\sigma(z)$")
    left.plot(z, f, "C1--", label=r"$f(z) = (1 + \mathrm{softsign}(z/2))\,/\,2$")
    left.set(title="Two activation functions from 0 to 1", xlabel="weighted input $z$", ylabel="activation $a$")
    left.legend(loc="lower right", fontsize=MIN_TEXT)
    right.semilogy(z, sigmoid_prime(z), "C0-", label=r"$\sigma'(z)$")
    right.semilogy(z, f_prime, "C1--", label=r"$f'(z)$")
    right.set(title="Their derivatives (log scale)", xlabel="weighted input $z$", ylabel="derivative")
    right.legend(fontsize=MIN_TEXT)
    return fig
