"""The figures of notebook 03, each with a text alternative computed from the same numbers.

Every function returns a `figures.FigureImage` (the cell's last expression displays it):
the worked example with its activations, and the network with only the part an equation
is about in full strength (`spotlight`).
"""
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.transforms import offset_copy

from bpcore.backprop import deltas
from bpcore.lessons.kit.drawing import NEGATIVE, POSITIVE, WIDTH, draw, draw_network
from bpcore.lessons.kit.figures import MIN_TEXT, figure_image, new_figure


def _neuron(net, l, j, name="j"):
    # the figures count neurons from 1, as the lecture does
    n = net.sizes[l - 1]
    if isinstance(j, bool) or not isinstance(j, (int, np.integer)) or not 1 <= j <= n:
        raise ValueError(f"{name} counts the neurons of layer {l} from 1, as in the lecture: 1..{n}, got {j!r}")


def _numbers(net, x, y):
    (*hidden, output), forward = deltas(net, x, y)
    return [*hidden, output], forward


def worked_example(net, x):
    """The network with every weight drawn and each neuron's activation for the input x."""
    fig, ax = new_figure((WIDTH, 4.5))
    draw_network(net, ax=ax, x=x, show=("a",), title=f"The worked example: activations for x = "
                 f"({', '.join(f'{v:g}' for v in np.ravel(x))})")
    weight_key(ax)
    a = net.forward(x)
    activations = "; ".join(f"a^{l} = ({', '.join(f'{v:.4f}' for v in a.a(l)[:, 0])})" for l in range(1, net.L + 1))
    alt = (f"The {'-'.join(map(str, net.sizes))} network of the worked example, every weight w^l_jk drawn as a "
           f"line: blue solid where positive, vermillion dashed where negative, thicker for larger |w|, as the "
           f"key below says. Each neuron is labelled with its activation: {activations}.")
    return figure_image(fig, alt)


def output_error(net, x, y, j=1):
    """BP1: output neuron j (from 1) alone, with a^L_j, y_j and δ^L_j."""
    L = net.L
    _neuron(net, L, j)
    errors, forward = _numbers(net, x, y)
    a, target, delta = forward.a(L)[j - 1, 0], np.ravel(y)[j - 1], errors[-1][j - 1, 0]
    fig = spotlight(net, x, y, neurons=[(L, j)], values={(L, j): f"a = {a:.4f}, y = {target:g}\nδ = {delta:.4f}"},
                    title=f"BP1: the error of output neuron {j}")
    return figure_image(fig, f"The network with only output neuron {j} in full strength: a^{L}_{j} = {a:.4f} "
                             f"against its target y_{j} = {target:g}, error δ^{L}_{j} = {delta:.4f}. BP1 needs "
                             f"only this neuron's numbers.")


def hidden_error(net, x, y, l=2, j=1):
    """BP2: hidden neuron j of layer l with the neurons of layer l+1 it feeds and those weights."""
    if not 2 <= l < net.L:
        raise ValueError(f"l must be a hidden layer, 2..{net.L - 1}, got l = {l}")
    _neuron(net, l, j)
    errors, _ = _numbers(net, x, y)
    n_next = net.sizes[l]
    feeds = [(l + 1, k) for k in range(1, n_next + 1)]
    values = {(l, j): f"δ = {errors[l - 2][j - 1, 0]:.4f}"}
    values.update({(l + 1, k): f"δ = {errors[l - 1][k - 1, 0]:.4f}" for _, k in feeds})
    values.update({(l + 1, k, j): f"{net.w(l + 1)[k - 1, j - 1]:.2f}" for _, k in feeds})
    fig = spotlight(net, x, y, neurons=[(l, j), *feeds], weights=[(l + 1, k, j) for _, k in feeds],
                    values=values, title=f"BP2: the errors of layer {l + 1} flow back to neuron {j} of layer {l}")
    carried = ", ".join(f"w^{l + 1}_{k}{j} = {net.w(l + 1)[k - 1, j - 1]:.2f} carries δ^{l + 1}_{k} = "
                        f"{errors[l - 1][k - 1, 0]:.4f}" for _, k in feeds)
    return figure_image(fig, f"The network with neuron {j} of layer {l}, the {n_next} neurons of layer {l + 1} "
                             f"it feeds and the weights between them in full strength: {carried} back to it; "
                             f"its own error is δ^{l}_{j} = {errors[l - 2][j - 1, 0]:.4f}.")


def weight(net, x, y, l=3, j=1, k=3):
    """BP4: the weight w^l_jk alone with the neuron it comes from and the neuron it feeds."""
    net.w(l)  # checks that 2 <= l <= L
    _neuron(net, l, j)
    _neuron(net, l - 1, k, "k")
    fig = spotlight(net, x, y, neurons=[(l - 1, k), (l, j)], weights=[(l, j, k)],
                    title=f"$w^{l}_{{{j}{k}}}$: from neuron {k} of layer {l - 1} to neuron {j} of layer {l}")
    return figure_image(fig, f"The network with only neuron {k} of layer {l - 1}, neuron {j} of layer {l} and "
                             f"the weight w^{l}_{j}{k} between them in full strength: the weight multiplies the "
                             f"activation a^{l - 1}_{k} at its input end and feeds the weighted input z^{l}_{j}, "
                             f"whose error is δ^{l}_{j}.")


def weight_key(ax):
    """A key under a network drawn on `ax` by `drawing.draw_network`: the sign of a weight is
    its colour and line style (blue solid w > 0, vermillion dashed w < 0), its size |w| the
    line's width. Returns the Legend."""
    handles = [Line2D([], [], linewidth=2.0, **POSITIVE), Line2D([], [], linewidth=2.0, **NEGATIVE),
               Line2D([], [], color="0.3", linewidth=0.6), Line2D([], [], color="0.3", linewidth=4.0)]
    labels = ["weight $w > 0$", "weight $w < 0$", "small $|w|$", "large $|w|$"]
    # below the axes and their "layer l" tick labels, a fixed distance in points whatever the size
    below = offset_copy(ax.transAxes, fig=ax.figure, y=-30, units="points")
    return ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below,
                     ncol=4, fontsize=MIN_TEXT, frameon=False, handlelength=2.6, columnspacing=1.4)


def spotlight(net, x, y, neurons=(), weights=(), values=None, title=None, figsize=(WIDTH, 4.25)):
    """The network drawn by `drawing.draw` with only the given neurons (l, j) and weights
    (l, j, k) in full strength (lecture indices from 1): everything else fades, so the picture
    says which part of the network an equation is about. `values` {(l, j): text} or
    {(l, j, k): text} are written beside those items. A key under the network says how a
    weight's sign and size are drawn (`weight_key`)."""
    highlight = [("neuron", *n) for n in neurons] + [("w", *w) for w in weights]
    fig = draw(net, x=x, y=y, show=(), highlight=highlight, values=values, figsize=figsize, title=title)
    d = fig.drawing
    for key, line in d.weights.items():
        if key not in weights:
            line.set_alpha(0.18)
            d.weight_text[key].set_visible(False)
        else:   # the label halfway along the line, clear of the values beside the neurons
            (x0, x1), (y0, y1) = line.get_data()
            d.weight_text[key].set_position((x0 + 0.45 * (x1 - x0), y0 + 0.45 * (y1 - y0)))
    for key, circle in d.neurons.items():
        if key not in neurons:
            circle.set_alpha(0.35)
            d.neuron_label[key].set_alpha(0.35)
    weight_key(d.ax)
    return fig
