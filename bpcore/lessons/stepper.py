"""The lecture's "Backpropagation Algorithm", one step at a time, on a drawn network.

For one training example (x, y) and the quadratic cost C_x = ½‖y − a^L‖², the steps are the
slide's:

    1. Input x: a^1 = x.
    2. Feedforward, for l = 2, ..., L: z^l = w^l a^{l-1} + b^l, a^l = σ(z^l)      (one step per layer)
    3. Output error: δ^L = ∇_a C ⊙ σ′(z^L) = (a^L − y) ⊙ σ′(z^L)                   (BP1)
    4. Backpropagate, for l = L−1, ..., 2: δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)   (BP2, one step per layer)
    5. Output, for l = L, ..., 2: ∂C/∂b^l_j = δ^l_j, ∂C/∂w^l_{jk} = a^{l-1}_k δ^l_j (BP3, BP4, one step per layer)
    6. Gradient descent (m = 1): w^l → w^l − η ∂C/∂w^l, b^l → b^l − η ∂C/∂b^l, and the new cost.

That is 3L − 1 steps (8 for the lecture's 2-3-2 network). `algorithm_steps` computes them with
the four equations of `bpcore.equations` and `update_mini_batch`; `print_steps` prints their
numbers; `stepper` shows them on `drawing.draw_network` with the equation of the current step,
its numbers substituted, beside the picture. Indices in the text are the lecture's, from 1. The equations are drawn as plain Unicode text
(w³₁₃, δ², ∂C/∂b³), not mathtext, so that a step redraws in milliseconds.
"""
from typing import NamedTuple

import numpy as np

from ..activations import sigmoid_prime
from ..equations import backpropagate_error, bias_gradient, output_error, weight_gradient
from ..metrics import cost_value
from ..network import Network
from ..sgd import update_mini_batch
from . import drawing
from .drawing import sup

MAX_ROWS = 4    # equations written out for at most this many neurons per step, then "⋮"
MAX_NEURONS = 6  # the step-through writes z, a and δ beside every neuron: room for up to 6 a layer
MAX_LAYERS = 4
MAX_TERMS = 3   # sums written term by term up to this many terms, else with Σ


class Step(NamedTuple):
    """One step of the algorithm: what the widget shows and what the tests check.

    number: 1-based; title: the slide's name of the step; equations: mathtext lines with the
    numbers substituted; description: one sentence saying what the step computed (the figure's
    text alternative); neuron_values {(l, j): text}; weight_values {(l, j, k): text};
    highlight: items for NetworkDrawing.set_highlight; numbers: {name: array}, e.g.
    {"z^2": ..., "a^2": ...}, 1-D arrays (entry j − 1 is neuron j), matrices shaped like w^l."""
    number: int
    title: str
    equations: list
    description: str
    neuron_values: dict
    weight_values: dict
    highlight: list
    numbers: dict

    @property
    def heading(self):
        """The title (plain text, as it is drawn): 'Output error δ³ (BP1)'."""
        return self.title


def _n(v, digits=4):
    """A number for a product: negative numbers in parentheses, so (−0.81)(1.0000) reads right."""
    s = f"{v:.{digits}f}"
    return f"({s})" if v < 0 else s


def _times(u, v, du=4, dv=4):
    """The product u × v written for substitution: 0.5523 \times (-0.1054)."""
    return f"{_n(u, du)} × {_n(v, dv)}"


def check_sizes(sizes):
    """The layer sizes, if the step-through can show them: positive integers, 2 to MAX_LAYERS
    layers of at most MAX_NEURONS neurons; else a ValueError that says what to pass."""
    return drawing.check_sizes(sizes, MAX_NEURONS, MAX_LAYERS, what="the step-through",
                               example="for example stepper(sizes=[3, 4, 2], seed=0)")


def _sym(kind, l, *indices):
    return drawing.text_label(kind, l, *indices)


def _vec(v, digits=4, limit=4):
    """(v_1, ..., v_n) with at most `limit` entries written out (all with limit=None: text
    alternatives list every number)."""
    entries = [f"{e:.{digits}f}" for e in v]
    if limit is not None and len(entries) > limit:
        entries = entries[:3] + [f"… ({len(entries) - 3} more)"]
    return "(" + ", ".join(entries) + ")"


def _rows(items):
    """At most MAX_ROWS lines, then a line that says how many more there are."""
    items = list(items)
    if len(items) <= MAX_ROWS:
        return items
    return items[:MAX_ROWS - 1] + [f"⋮  ({len(items) - MAX_ROWS + 1} more)"]


def _example(net, x, y):
    x = np.asarray(x, dtype=float).reshape(-1)
    y = np.asarray(y, dtype=float).reshape(-1)
    if x.shape != (net.sizes[0],):
        raise ValueError(f"x must have one value per input neuron: {net.sizes[0]} values, got {x.size}")
    if y.shape != (net.sizes[-1],):
        raise ValueError(f"y must have one value per output neuron: {net.sizes[-1]} values, got {y.size}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y must be finite numbers")
    return x, y


def algorithm_steps(net, x, y, eta=1.0):
    """The 3L − 1 steps of the Backpropagation Algorithm for the example (x, y), then one
    gradient-descent step with learning rate η, quadratic cost. Returns a list of `Step`."""
    check_sizes(net.sizes)
    x, y = _example(net, x, y)
    L = net.L
    fp = net.forward(x)
    z = {l: fp.z(l)[:, 0] for l in range(2, L + 1)}
    a = {l: fp.a(l)[:, 0] for l in range(1, L + 1)}
    sp = {l: sigmoid_prime(z[l]) for l in z}
    delta = {L: output_error((a[L] - y)[:, None], sp[L][:, None])}                      # BP1
    for l in range(L - 1, 1, -1):
        delta[l] = backpropagate_error(net.w(l + 1), delta[l + 1], sp[l][:, None])       # BP2
    grad_b = {l: bias_gradient(d)[:, 0] for l, d in delta.items()}                      # BP3
    grad_w = {l: weight_gradient(d, a[l - 1][:, None]) for l, d in delta.items()}       # BP4
    delta = {l: d[:, 0] for l, d in delta.items()}

    shown = {}   # neuron texts accumulate: a value once computed stays on the picture
    steps = []

    def add(title, equations, description, highlight, numbers, weight_values=None):
        steps.append(Step(len(steps) + 1, title, equations, description,
                          {key: "\n".join(v) for key, v in shown.items()}, weight_values or {},
                          highlight, numbers))

    for j in range(1, net.sizes[0] + 1):
        shown[(1, j)] = [f"a = {a[1][j - 1]:.4f}"]
    add("Input x: set the activation a¹ of the input layer",
        [f"a¹ = x = {_vec(a[1])}", f"y = {_vec(y)}  (the target, used from BP1 on)"],
        f"the input a¹ = x = {_vec(a[1], limit=None)} is set on the input neurons",
        [("neuron", 1, j) for j in range(1, net.sizes[0] + 1)], {"a^1": a[1]})

    for l in range(2, L + 1):
        eqs = [f"z{sup(l)} = w{sup(l)} a{sup(l - 1)} + b{sup(l)},   a{sup(l)} = σ(z{sup(l)})"]
        eqs += _rows(_feedforward_line(net, a, z, l, j) for j in range(1, net.sizes[l - 1] + 1))
        for j in range(1, net.sizes[l - 1] + 1):
            shown[(l, j)] = [f"z = {z[l][j - 1]:.4f}", f"a = {a[l][j - 1]:.4f}"]
        add(f"Feedforward into layer {l}", eqs,
            f"feedforward into layer {l}: z^{l} = w^{l} a^{l - 1} + b^{l} = {_vec(z[l], limit=None)}, "
            f"a^{l} = σ(z^{l}) = {_vec(a[l], limit=None)}",
            [("neuron", l, j) for j in range(1, net.sizes[l - 1] + 1)]
            + _weights_of(net, l),
            {f"z^{l}": z[l], f"a^{l}": a[l]})

    eqs = [f"δ{sup(L)} = (a{sup(L)} − y) ⊙ σ′(z{sup(L)})   (BP1, quadratic cost)"]
    eqs += _rows(f"{_sym('delta', L, j)} = ({a[L][j - 1]:.4f} − {_n(y[j - 1])}) × {_n(sp[L][j - 1])}"
                 f" = {delta[L][j - 1]:.4f}" for j in range(1, net.sizes[-1] + 1))
    for j in range(1, net.sizes[-1] + 1):
        shown[(L, j)].append(f"δ = {delta[L][j - 1]:.4f}")
    add(f"Output error δ{sup(L)} (BP1)", eqs,
        f"output error (BP1): δ^{L} = (a^{L} − y) ⊙ σ′(z^{L}) = {_vec(delta[L], limit=None)}",
        [("neuron", L, j) for j in range(1, net.sizes[-1] + 1)],
        {f"sigma'(z^{L})": sp[L], f"delta^{L}": delta[L]})

    for l in range(L - 1, 1, -1):
        back = net.w(l + 1).T @ delta[l + 1]
        eqs = [f"δ{sup(l)} = ((w{sup(l + 1)})ᵀ δ{sup(l + 1)}) ⊙ σ′(z{sup(l)})   (BP2)"]
        eqs += _rows(_bp2_line(net, back, sp, delta, l, j) for j in range(1, net.sizes[l - 1] + 1))
        for j in range(1, net.sizes[l - 1] + 1):
            shown[(l, j)].append(f"δ = {delta[l][j - 1]:.4f}")
        add(f"Backpropagate the error to layer {l} (BP2)", eqs,
            f"backpropagate the error (BP2): δ^{l} = ((w^{l + 1})^T δ^{l + 1}) ⊙ σ′(z^{l}) = {_vec(delta[l], limit=None)}",
            [("neuron", l, j) for j in range(1, net.sizes[l - 1] + 1)]
            + _weights_of(net, l + 1),
            {f"(w^{l + 1})^T delta^{l + 1}": back, f"sigma'(z^{l})": sp[l], f"delta^{l}": delta[l]})

    for l in range(L, 1, -1):
        keys = [(l, j, k) for j in range(1, net.sizes[l - 1] + 1) for k in range(1, net.sizes[l - 2] + 1)]
        eqs = [f"∂C/∂{_sym('b', l, 'j')} = {_sym('delta', l, 'j')}  (BP3):   ∂C/∂b{sup(l)} = {_vec(grad_b[l])}",
               f"∂C/∂{_sym('w', l, 'j', 'k')} = {_sym('a', l - 1, 'k')} {_sym('delta', l, 'j')}   (BP4)"]
        eqs += _grad_lines(a, delta, grad_w, l, keys)
        add(f"Output: the gradients of layer {l} (BP3, BP4)", eqs,
            f"gradients of layer {l}: ∂C/∂b^{l} = δ^{l} = {_vec(grad_b[l], limit=None)}; ∂C/∂w^{l} = δ^{l} (a^{l - 1})^T, "
            + "; ".join(f"row {j}: {_vec(grad_w[l][j - 1], limit=None)}" for j in range(1, net.sizes[l - 1] + 1)),
            _weights_of(net, l) or [("neuron", l, j) for j in range(1, net.sizes[l - 1] + 1)],
            {f"dC/db^{l}": grad_b[l], f"dC/dw^{l}": grad_w[l]},
            {key: f"{grad_w[l][key[1] - 1, key[2] - 1]:.4f}" for key in keys})
    steps.append(_update_step(net, x, y, eta, grad_w, grad_b, shown, len(steps) + 1))
    return steps


def _weights_of(net, l, limit=8):
    """Highlight items for every weight into layer l, if there are at most `limit` (beyond that
    a whole layer of black edges hides more than it shows: then none)."""
    keys = [("w", l, j, k) for j in range(1, net.sizes[l - 1] + 1) for k in range(1, net.sizes[l - 2] + 1)]
    return keys if len(keys) <= limit else []


def _feedforward_line(net, a, z, l, j):
    w, b = net.w(l)[j - 1], net.b(l)[j - 1, 0]
    if len(w) <= MAX_TERMS:
        terms = " + ".join(_times(wk, ak, 2) for wk, ak in zip(w, a[l - 1]))
    else:
        terms = f"Σₖ {_sym('w', l, j, 'k')} {_sym('a', l - 1, 'k')}"
    return (f"{_sym('z', l, j)} = {terms} + {_n(b, 2)} = {z[l][j - 1]:.4f},"
            f"   {_sym('a', l, j)} = {a[l][j - 1]:.4f}")


def _bp2_line(net, back, sp, delta, l, j):
    n_next = net.sizes[l]
    if n_next <= MAX_TERMS:
        terms = " + ".join(f"{_sym('w', l + 1, k, j)} {_sym('delta', l + 1, k)}" for k in range(1, n_next + 1))
    else:
        terms = f"Σₖ {_sym('w', l + 1, 'k', j)} {_sym('delta', l + 1, 'k')}"
    return (f"{_sym('delta', l, j)} = ({terms}) σ′({_sym('z', l, j)}) = "
            f"{_times(back[j - 1], sp[l][j - 1])} = {delta[l][j - 1]:.4f}")


def _grad_lines(a, delta, grad_w, l, keys):
    lines = [f"∂C/∂{_sym('w', l, j, k)} = {_sym('a', l - 1, k)} {_sym('delta', l, j)} = "
             f"{_times(a[l - 1][k - 1], delta[l][j - 1])} = {grad_w[l][j - 1, k - 1]:.4f}" for _, j, k in keys]
    limit = 2 * MAX_ROWS - 1
    return lines if len(lines) <= limit else lines[:limit - 1] + [f"⋮  ({len(lines) - limit + 1} more)"]


def _update_step(net, x, y, eta, grad_w, grad_b, shown, number):
    L = net.L
    new = net.copy()
    update_mini_batch(new, x[:, None], y[:, None], eta, "quadratic")
    before, after = cost_value(net, x, y), cost_value(new, x, y)
    a_new = new.forward(x)
    values = {key: list(v) for key, v in shown.items()}
    for l in range(2, L + 1):
        for j in range(1, net.sizes[l - 1] + 1):
            values[(l, j)] = [f"new a = {a_new.a(l)[j - 1, 0]:.4f}"]
    eqs = [f"w → w − η ∂C/∂w,  b → b − η ∂C/∂b  in every layer  (η = {eta:g}, m = 1)"]
    for k in range(1, min(net.sizes[-2], MAX_TERMS) + 1):
        old, g = net.w(L)[0, k - 1], grad_w[L][0, k - 1]
        eqs.append(f"{_sym('w', L, 1, k)}:  {old:.4f} − {eta:g} × {_n(g)} = {new.w(L)[0, k - 1]:.4f}")
    eqs.append(f"{_sym('b', L, 1)}:  {net.b(L)[0, 0]:.4f} − {eta:g} × {_n(grad_b[L][0])} = {new.b(L)[0, 0]:.4f}"
               "   (and likewise every w, b)")
    eqs.append(f"cost C = ½‖y − a{sup(L)}‖²:  {before:.6f} → {after:.6f}")
    keys = [(l, j, k) for l in range(2, L + 1) for j in range(1, net.sizes[l - 1] + 1)
            for k in range(1, net.sizes[l - 2] + 1)]
    numbers = {"C before": np.array(before), "C after": np.array(after)}
    for l in range(2, L + 1):
        numbers[f"new w^{l}"] = new.w(l).copy()
        numbers[f"new b^{l}"] = new.b(l)[:, 0].copy()
    return Step(number, "Gradient descent: update every weight and bias", eqs,
                f"gradient descent with η = {eta:g}: every weight and bias moves against its gradient; "
                f"the cost falls from {before:.6f} to {after:.6f}" if after < before else
                f"gradient descent with η = {eta:g}: every weight and bias moves against its gradient; "
                f"the cost rises from {before:.6f} to {after:.6f} (η too large)",
                {key: "\n".join(v) for key, v in values.items()},
                {key: f"{new.w(key[0])[key[1] - 1, key[2] - 1]:.2f}" for key in keys},
                [], numbers)   # every weight changed: none is singled out


def example_network(sizes, seed=0):
    """A student's network: Network(sizes, seed) and an example (x, y) drawn from the same seed,
    rounded to 2 decimals so the equations stay readable. Sizes are checked first (`check_sizes`)."""
    sizes = check_sizes(sizes)
    rng = np.random.default_rng(seed)
    net = Network(sizes, seed=rng)
    x = np.round(rng.random(sizes[0]), 2)
    y = np.round(rng.random(sizes[-1]), 2)
    return net, x, y


def print_steps(net=None, x=None, y=None, eta=1.0):
    """Print the numbers of every step (the plain cell after the widget). Defaults: the lecture's
    2-3-2 example, x = y = (1, 1)."""
    net, x, y = _defaults(net, x, y)
    for step in algorithm_steps(net, x, y, eta):
        print(f"step {step.number}: {step.heading}")
        for name, value in step.numbers.items():
            text = np.array2string(np.asarray(value), precision=4, floatmode="fixed", suppress_small=True,
                                   prefix="    " + name + " = ")
            print(f"    {name} = {text}")


def _defaults(net, x, y):
    if net is None:
        from .lecture_example import X, Y, network
        return network(), X if x is None else x, Y if y is None else y
    if x is None or y is None:
        raise ValueError("with your own network, pass the example too: x (one value per input neuron) "
                         "and y (one per output neuron), or use stepper(sizes=[3, 4, 2], seed=0)")
    return net, x, y


def stepper(net=None, x=None, y=None, eta=1.0, sizes=None, seed=0):
    """A widget that walks the algorithm's steps on the drawn network: a step slider and
    previous/next buttons; beside the picture, the current step's equation with its numbers.

    stepper() runs the lecture's 2-3-2 example (x = y = (1, 1)); stepper(sizes=[3, 4, 2], seed=0)
    a small network of your choice with an example drawn from the seed; stepper(net, x, y) yours.
    """
    if sizes is not None:
        net, x, y = example_network(sizes, seed)
    net, x, y = _defaults(net, x, y)
    view = StepperView(net, x, y, eta)
    return view.widget()


class StepperView:
    """The figure of the stepper: the drawn network on the left, the step's equations on the right.
    `show(n)` puts step n (1-based) on it; `widget()` wires the controls."""

    def __init__(self, net, x, y, eta=1.0):
        from .widgets import LivePlot
        self.steps = algorithm_steps(net, x, y, eta)
        # the drawing keeps circles round, so a taller network gets a taller figure (4 to 6.5 in)
        width_units = (net.L - 1) * drawing.LAYER_GAP + 2.0
        height_units = (max(net.sizes) - 1) * drawing.NEURON_GAP + 1.85
        height = float(np.clip(5.3 * height_units / width_units + 0.9, 4.0, 6.5))
        self.live = LivePlot(1, 2, figsize=(11.5, height), gridspec_kw={"width_ratios": [1.0, 1.15]})
        ax_net, ax_eq = self.live.axes
        self.drawing = drawing.draw_network(net, ax=ax_net)
        # values on the lines only where the lines carry labels (small layers), else the panel lists them
        self.labelled = any(self.drawing.weight_label.values())
        ax_eq.axis("off")
        self.title = ax_eq.text(0.0, 1.0, "", fontsize=11, fontweight="bold", va="top", transform=ax_eq.transAxes)
        self.equations = ax_eq.text(0.0, 0.88, "", fontsize=9.5, va="top", linespacing=1.9,
                                    transform=ax_eq.transAxes)
        ax_net.set_title(drawing.legend_text().replace("; ", "\n") + "\nblack outlines: what the step computes or uses",
                         fontsize=8, color="0.25")
        self._moving = self.drawing.moving_artists() + [self.title, self.equations]
        self._images = {}     # step -> PNG: there are only 3L − 1 pictures, each drawn once
        self.live.moving(*self._moving)

    def show(self, n):
        """Put step n (1..len(steps)) on the figure, without redrawing it."""
        step = self.steps[n - 1]
        d = self.drawing
        d.set_neuron_values(step.neuron_values)
        d.set_weight_values(step.weight_values if self.labelled else {})
        d.set_highlight(step.highlight)
        self.title.set_text(f"Step {step.number} of {len(self.steps)}: {step.title}")
        self.equations.set_text("\n".join(step.equations))
        return step

    def _render(self):
        """The figure as it is now, as a PNG of at most 64 colours: a third of the bytes of a
        full-colour PNG (each step travels to the browser), no visible loss on flat-colour plots."""
        import io

        from PIL import Image
        self.live.draw()
        image = Image.fromarray(self.live.rgba(), "RGBA").convert("RGB")
        image = image.quantize(64, method=Image.Quantize.FASTOCTREE)
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=6)
        return buffer.getvalue()

    def describe(self, step):
        return f"Step {step.number} of {len(self.steps)} of the backpropagation algorithm, {step.description}."

    def widget(self, prerender=True):
        """The step slider and buttons above the figure. With `prerender`, every step's picture
        is drawn at once, so that moving between steps costs no drawing at all."""
        import ipywidgets as widgets
        n = len(self.steps)
        slider = widgets.IntSlider(value=1, min=1, max=n, description="step",
                                   tooltip="step of the backpropagation algorithm")
        previous = widgets.Button(description="◀ previous", tooltip="go back one step of the algorithm")
        following = widgets.Button(description="next ▶", tooltip="go to the next step of the algorithm")
        self.slider, self.previous, self.next = slider, previous, following
        previous.on_click(lambda _: setattr(slider, "value", max(1, slider.value - 1)))
        following.on_click(lambda _: setattr(slider, "value", min(n, slider.value + 1)))

        def update(step):
            shown = self.show(step)
            previous.disabled, following.disabled = step == 1, step == n
            self.live.describe(self.describe(shown))
            if step not in self._images:
                self._images[step] = self._render()
            self.live.widget.value = self._images[step]   # a step seen before: its picture, no drawing

        ui = _assemble(self.live, update, slider, [previous, following])
        if prerender:   # draw every step now (a fraction of a second), so each click only swaps a picture
            for step in range(2, n + 1):
                self.show(step)
                self._images[step] = self._render()
            self.show(1)
            self.live.widget.value = self._images[1]
        return ui


def _assemble(live, update, slider, buttons):
    """The widget (`widgets.interactive`: the figure also shows as a PNG in a notebook that was
    not run), with the previous/next buttons on either side of the step slider."""
    import ipywidgets as widgets
    from .widgets import NamedBox, interactive
    ui = interactive(live, update, step=slider)
    controls = (buttons[0], slider, buttons[1])
    # a named box, like interactive's own: the controls' names as its title
    names = "; ".join(f"{c.description}: {c.tooltip}" for c in controls)
    row = NamedBox([widgets.HBox(list(controls))], tooltip=names)
    ui.widget.children = (row,) + tuple(ui.widget.children[1:])
    return ui
