"""The figures of notebook 04 with their text alternatives, computed from the same numbers
(the figures themselves are drawn by `backprop_figures`)."""
import numpy as np

from ..activations import sigmoid_prime
from . import backprop_figures
from .figures import figure_image


def pixel_gradients(grad_per_pixel, mean_pixel, always_zero):
    """Σ_j |∂C/∂w²_jk| per pixel k, as an image and against the pixel's mean activation."""
    r = float(np.corrcoef(mean_pixel, grad_per_pixel)[0, 1])
    on_zero = bool(np.all(grad_per_pixel[always_zero] == 0))
    alt = (f"Left: the summed weight gradient of each of the {grad_per_pixel.size} pixels as a 28 × 28 image, "
           f"a blurred digit, dark (zero) at the border. Right: the same against the pixel's mean activation; "
           f"the {int(always_zero.sum())} pixels that are 0 in every image (crosses) "
           f"{'all sit at zero gradient' if on_zero else 'do not all sit at zero'}, and the gradient grows with "
           f"the mean activation (correlation {r:.3f}).")
    return figure_image(backprop_figures.pixel_gradient_figure(grad_per_pixel, mean_pixel, always_zero), alt)


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
    return figure_image(backprop_figures.output_error_figure(a_out, delta_out, Y), alt)


def activations():
    """σ and the rescaled softsign f, and their derivatives on a log scale."""
    f20, f_prime20 = (float(v) for v in backprop_figures.softsign_unit(20.0))
    alt = (f"Left: σ(z) (solid) and the rescaled softsign f(z) (dashed) from z = −20 to 20, both rising from 0 "
           f"to 1 through 1/2 at z = 0 in similar S shapes, but f approaches 1 much more slowly "
           f"(f(20) = {f20:.3f}). Right: their derivatives on a log scale: σ′ falls in a straight line "
           f"(exponentially) to {float(sigmoid_prime(20.0)):.0e} at z = 20, f′ only to {f_prime20:.0e}.")
    return figure_image(backprop_figures.activation_figure(), alt)
