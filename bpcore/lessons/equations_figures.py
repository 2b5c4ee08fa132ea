"""The figures of notebook 03, each with a text alternative computed from the same numbers.

Every function returns a `figures.FigureImage` (the cell's last expression displays it):
the worked example with its activations, and the network with only the part an equation
is about in full strength (`backprop_figures.spotlight`).
"""
import numpy as np
from matplotlib.figure import Figure

from ..backprop import deltas
from .backprop_figures import spotlight, weight_key
from .drawing import draw_network
from .figures import figure_image


def _neuron(net, l, j, name="j"):
    # the figures count neurons from 1, as the lecture does
    n = net.sizes[l - 1]
    if isinstance(j, bool) or not isinstance(j, (int, np.integer)) or not 1 <= j <= n:
        raise ValueError(f"{name} counts the neurons of layer {l} from 1, as in the lecture: 1..{n}, got {j!r}")


def _numbers(net, x, y):
    (*hidden, output), fp = deltas(net, x, y)
    return [*hidden, output], fp


def worked_example(net, x):
    """The network with every weight drawn and each neuron's activation for the input x."""
    fig = Figure(figsize=(6.4, 3.6))
    ax = fig.subplots()
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
    errors, fp = _numbers(net, x, y)
    a, target, delta = fp.a(L)[j - 1, 0], np.ravel(y)[j - 1], errors[-1][j - 1, 0]
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
