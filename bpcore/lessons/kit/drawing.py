"""A small network drawn on a matplotlib Axes, labelled in the lecture's notation.

Neurons are circles: layer l = 1..L left to right at x = l − 1, its neurons evenly spaced, j = 1
on top, each circle labelled a^l_j. The weight w^l_{jk} is the line from neuron k of layer l − 1
to neuron j of layer l: its colour AND its line style give the sign (blue solid for w > 0,
vermillion dashed for w < 0, the Okabe-Ito colours readable with colour-vision deficiency), its
width the size |w|. Values (z, a, δ, b, w) are written beside the neurons and on the lines where
asked. All indices in labels and arguments are the lecture's, from 1 (w^3_{13} is
`net.w(3)[0, 2]`). The labels' text comes from `notation`.

Only small networks are drawn (up to MAX_NEURONS per layer, MAX_LAYERS layers): beyond that the
picture is a grey mesh that teaches nothing, and `check_sizes` says so.
"""
import numbers

import numpy as np
from matplotlib import patheffects
from matplotlib.lines import Line2D
from matplotlib.patches import Circle

from .figures import DPI, MIN_TEXT
from .notation import neuron_values, text_label

MAX_NEURONS = 12
MAX_LAYERS = 6
LAYER_GAP = 4.0      # horizontal distance between layers
NEURON_GAP = 2.0     # vertical distance between neurons of a layer (room for 3 lines of values)
RADIUS = 0.36
WIDTH = 8.0          # inches of a drawn network's figure: 640 CSS px at the lessons' DPI

POSITIVE = dict(color="#0072B2", linestyle="-")     # blue, solid
NEGATIVE = dict(color="#D55E00", linestyle="--")    # vermillion, dashed
NO_SIGN = dict(color="0.6", linestyle="-")          # structure only (no weights given)
HIGHLIGHT = "black"

_SHOWABLE = ("z", "a", "delta", "b", "w")
_EXAMPLE = "for example [2, 3, 2] or Network([3, 4, 2], seed=0)"


def check_sizes(sizes, max_neurons=MAX_NEURONS, max_layers=MAX_LAYERS, what="a drawn network",
                example=_EXAMPLE):
    """`sizes` as a list of ints if it is a drawable network's layer sizes, else ValueError
    saying what to pass: positive integers, 2..max_layers layers, 1..max_neurons neurons each.
    `example` is the call the message suggests (the caller knows what it accepts)."""
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise ValueError(f"sizes must be a list of positive integers, one per layer, {example}; got {sizes!r}")
    sizes = list(sizes)
    bad = [n for n in sizes if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1]
    if bad:
        raise ValueError(f"sizes must be a list of positive integers (neurons per layer), {example}; "
                         f"got {sizes!r}, where {bad[0]!r} is not a positive integer")
    if not 2 <= len(sizes) <= max_layers:
        raise ValueError(f"{what} needs 2 to {max_layers} layers (input and output at least), "
                         f"{example}; got {len(sizes)} layers: {sizes!r}")
    if max(sizes) > max_neurons:
        raise ValueError(f"{what} has at most {max_neurons} neurons per layer, so that every "
                         f"neuron and weight stays readable; got {sizes!r}. Use a small network, "
                         f"{example}")
    return [int(n) for n in sizes]


def layout(sizes):
    """{(l, j): (x, y)} for l = 1..L, j = 1..n_l: layer l at x = (l − 1)·LAYER_GAP, neurons
    NEURON_GAP apart and centred on y = 0, j = 1 on top."""
    sizes = check_sizes(sizes)
    return {(l, j): ((l - 1) * LAYER_GAP, ((n - 1) / 2 - (j - 1)) * NEURON_GAP)
            for l, n in enumerate(sizes, start=1) for j in range(1, n + 1)}


def weight_style(w, w_max):
    """Line colour, style and width for a weight w: the sign by colour and line style, |w| by
    width (0.6 to 4 points, relative to the largest |w| in the drawing, w_max)."""
    style = dict(POSITIVE if w >= 0 else NEGATIVE)
    style["linewidth"] = 0.6 + 3.4 * (abs(w) / w_max if w_max > 0 else 0.0)
    return style


class NetworkDrawing:
    """What `draw_network` drew, keyed by the lecture's 1-based indices:
    positions[(l, j)], neurons[(l, j)] (Circle), neuron_text[(l, j)] (Text beside the neuron),
    weights[(l, j, k)] (Line2D from neuron k of layer l − 1 to neuron j of layer l),
    weight_text[(l, j, k)] (Text on that line). Changing texts and highlights in place is what the
    step-by-step widget does; `moving_artists()` lists what it changes."""

    def __init__(self, ax, sizes):
        self.ax, self.sizes = ax, sizes
        self.positions = layout(sizes)
        self.neurons, self.neuron_text, self.neuron_label = {}, {}, {}
        self.weights, self.weight_text, self.weight_label = {}, {}, {}
        self._weight_widths = {}

    def set_neuron_values(self, values):
        """values: {(l, j): text} written beside those neurons; every other neuron's text is cleared."""
        for key, text in self.neuron_text.items():
            text.set_text(values.get(key, ""))
            text.set_visible(key in values)

    def set_weight_values(self, values):
        """values: {(l, j, k): text} written on those weights' lines, after the label w^l_{jk}
        where labels are drawn; the rest show their label only."""
        for key, text in self.weight_text.items():
            parts = [self.weight_label.get(key, ""), values.get(key, "")]
            text.set_text(" = ".join(p for p in parts if p))
            text.set_visible(bool(text.get_text()))

    def set_highlight(self, items):
        """Outline the given items in black and thicken them (cues besides colour):
        ("neuron", l, j), ("w", l, j, k) or ("b", l, j) (a bias belongs to its neuron)."""
        neurons = {(it[1], it[2]) for it in items if it[0] in ("neuron", "b", "a", "z", "delta")}
        weights = {tuple(it[1:4]) for it in items if it[0] == "w"}
        for key, circle in self.neurons.items():
            on = key in neurons
            circle.set_linewidth(3.0 if on else 1.0)
            circle.set_edgecolor(HIGHLIGHT if on else "0.35")
        labelled = len(weights) <= 3   # a label for a few singled-out weights, not for a whole layer
        for key, line in self.weights.items():
            on = key in weights
            width = self._weight_widths[key] + (1.5 if on else 0.0)
            line.set_linewidth(width)
            # a black edge around the line: visible on a thick line too, and not a colour cue
            line.set_path_effects([patheffects.Stroke(linewidth=width + 2.5, foreground=HIGHLIGHT),
                                   patheffects.Normal()] if on else [])
            line.set_zorder(2 if on else 1)
            text = self.weight_text[key]
            text.set_fontweight("bold" if on else "normal")
            # an opaque, roomier box on a highlighted line, whose black edge would show through
            text.get_bbox_patch().set_boxstyle("round", pad=0.3 if on else 0.1)
            text.get_bbox_patch().set_alpha(1.0 if on else 0.9)
            if not self.weight_label[key]:          # an unlabelled drawing: only singled-out weights
                text.set_text(text_label("w", *key) if on and labelled else "")
                text.set_visible(on and labelled)

    def moving_artists(self):
        """Every artist the step-by-step widget changes, in drawing order: lines, circles, the
        labels inside the circles (drawn after them), the values beside them, the lines' labels."""
        return [*self.weights.values(), *self.neurons.values(), *self.neuron_label.values(),
                *self.neuron_text.values(), *self.weight_text.values()]


def draw_network(net, ax=None, x=None, y=None, show=(), cost="quadratic", highlight=(),
                 weight_labels=None, title=None):
    """Draw `net` (a bpcore.Network, or a list of layer sizes for the structure alone) on `ax`.

    show: any of "z", "a", "delta", "b" (written beside each neuron for input x and target y)
    and "w" (each weight's value on its line). weight_labels: write w^l_{jk} on the lines (by
    default when no layer has more than 8 weights). highlight: items such as ("w", 3, 1, 3) or
    ("neuron", 2, 1), 1-based as in the lecture. Returns a NetworkDrawing.
    """
    if ax is None:
        import matplotlib.pyplot as plt
        _, ax = plt.subplots(figsize=(WIDTH, 4.75), dpi=DPI)
    has_weights = hasattr(net, "weights") and hasattr(net, "sizes")
    sizes = check_sizes(net.sizes if has_weights else net)
    show = (show,) if isinstance(show, str) else tuple(show)
    unknown = [s for s in show if s not in _SHOWABLE]
    if unknown:
        raise ValueError(f"show takes any of {_SHOWABLE}, got {unknown[0]!r}")
    if any(s in show for s in ("z", "a", "delta", "b")) and not has_weights:
        raise ValueError("values need a Network, not just its sizes: pass e.g. Network([3, 4, 2], seed=0)")
    if any(s in show for s in ("z", "a", "delta")) and x is None:
        raise ValueError(f"show={show!r} needs the input x (one value per input neuron, {sizes[0]} here)")
    if weight_labels is None:
        weight_labels = max(a * b for a, b in zip(sizes, sizes[1:])) <= 8
    d = NetworkDrawing(ax, sizes)
    w_max = max((float(np.max(np.abs(w))) for w in net.weights), default=0.0) if has_weights else 0.0
    for l in range(2, len(sizes) + 1):
        for j in range(1, sizes[l - 1] + 1):
            for k in range(1, sizes[l - 2] + 1):
                _draw_weight(d, net if has_weights else None, l, j, k, w_max, weight_labels)
    for (l, j), (px, py) in d.positions.items():
        d.neurons[(l, j)] = circle = Circle((px, py), RADIUS, facecolor="white", edgecolor="0.35",
                                            linewidth=1.0, zorder=3)
        ax.add_patch(circle)
        d.neuron_label[(l, j)] = ax.text(px, py, text_label("a", l, j), ha="center", va="center",
                                         fontsize=11, zorder=4)
        d.neuron_text[(l, j)] = ax.text(      # values go below the neuron, left of the lines leaving it
            px + 0.3, py - RADIUS - 0.06, "", ha="right", va="top", fontsize=MIN_TEXT, zorder=5, linespacing=1.1,
            visible=False, bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none", alpha=0.9))
    if has_weights and any(s in show for s in ("z", "a", "delta", "b")):
        d.set_neuron_values(neuron_values(net, x, y, show, cost))
    if "w" in show and has_weights:
        d.set_weight_values({key: f"{net.w(key[0])[key[1] - 1, key[2] - 1]:.2f}" for key in d.weights})
    d.set_highlight(list(highlight))
    _frame(ax, sizes, title)
    return d


def _draw_weight(d, net, l, j, k, w_max, with_label):
    (x0, y0), (x1, y1) = d.positions[(l - 1, k)], d.positions[(l, j)]
    style = weight_style(net.w(l)[j - 1, k - 1], w_max) if net is not None else dict(NO_SIGN, linewidth=1.0)
    line = Line2D([x0, x1], [y0, y1], zorder=1, **style)
    d.ax.add_line(line)
    d.weights[(l, j, k)] = line
    d._weight_widths[(l, j, k)] = style["linewidth"]
    # each label lies along its own line (turned to the line's angle; the axes' aspect is equal,
    # so the data angle is the drawn one), so it never sits across a neighbouring line of the
    # same neuron: for odd k starting just right of the sending neuron's circle, for even k
    # further along, so labels of crossing lines do not meet
    t, align = ((RADIUS + 0.35) / LAYER_GAP, "left") if k % 2 else (0.62, "center")
    angle = float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))
    d.weight_label[(l, j, k)] = text_label("w", l, j, k) if with_label else ""
    d.weight_text[(l, j, k)] = d.ax.text(
        x0 + t * (x1 - x0), y0 + t * (y1 - y0), d.weight_label[(l, j, k)], ha=align, va="center",
        rotation=angle, rotation_mode="anchor", fontsize=MIN_TEXT, zorder=6, visible=with_label, color="0.1",
        bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.9))


def _frame(ax, sizes, title):
    ax.set_aspect("equal")
    height = (max(sizes) - 1) * NEURON_GAP
    ax.set_xlim(-1.0, (len(sizes) - 1) * LAYER_GAP + 1.0)
    ax.set_ylim(-height / 2 - 1.35, height / 2 + 0.5)   # below: the bottom neurons' values
    ax.set_xticks([(l - 1) * LAYER_GAP for l in range(1, len(sizes) + 1)])
    names = ["input"] + ["hidden"] * (len(sizes) - 2) + ["output"]
    ax.set_xticklabels([f"layer {l}\n{name}" for l, name in enumerate(names, start=1)], fontsize=MIN_TEXT)
    ax.set_yticks([])
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if title:
        ax.set_title(title, fontsize=MIN_TEXT + 2)


def legend_text():
    """One line that says how signs and sizes are drawn, for a caption or alt text."""
    return ("weights: blue solid lines are positive, vermillion dashed lines negative; "
            "thicker lines are larger |w|")


def draw(net, x=None, y=None, show=(), highlight=(), values=None, figsize=None, title=None, **kwargs):
    """`draw_network` on a new Figure, returned (not displayed) for `figures.show(fig, alt=...)`.

    values: extra texts by the lecture's indices, {(l, j): text} beside neuron j of layer l and
    {(l, j, k): text} on the weight w^l_{jk}, e.g. {(3, 1, 3): "-0.74"} or {(2, 1): "δ = 0.0033"};
    they replace what `show` put there for those items. figsize: by default `WIDTH` wide and as
    tall as the network's shape needs.
    """
    from matplotlib.figure import Figure
    if figsize is None:   # WIDTH wide, as tall as the network's shape asks (3.1 to 11.25 in)
        sizes = check_sizes(net.sizes if hasattr(net, "sizes") else net)
        width_units = (len(sizes) - 1) * LAYER_GAP + 2.0
        height_units = (max(sizes) - 1) * NEURON_GAP + 1.85
        figsize = (WIDTH, float(np.clip(WIDTH * height_units / width_units + 0.75, 3.1, 11.25)))
    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    d = draw_network(net, ax=fig.subplots(), x=x, y=y, show=show, highlight=highlight, title=title, **kwargs)
    values = values or {}
    for key, text in values.items():
        if len(key) == 2 and key in d.neuron_text:
            d.neuron_text[key].set_text(text)
            d.neuron_text[key].set_visible(True)
        elif len(key) == 3 and key in d.weight_text:
            label_text = d.weight_label[key] or text_label("w", *key)
            d.weight_text[key].set_text(f"{label_text} = {text}")
            d.weight_text[key].set_visible(True)
        else:
            raise ValueError(f"values keys are (l, j) for a neuron or (l, j, k) for a weight, from 1, "
                             f"within sizes {d.sizes}; got {key!r}")
    fig.drawing = d
    return fig
