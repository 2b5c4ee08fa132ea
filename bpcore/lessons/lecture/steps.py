"""The lecture's "Backpropagation Algorithm", one step at a time: the numbers and the text of
each step (no widgets; `stepper` draws them).

For one training example (x, y) and the quadratic cost C_x = ½‖y − a^L‖², the steps are the
slide's:

    1. Input x: a^1 = x.
    2. Feedforward, for l = 2, ..., L: z^l = w^l a^{l-1} + b^l, a^l = σ(z^l)      (one step per layer)
    3. Output error: δ^L = ∇_a C ⊙ σ′(z^L) = (a^L − y) ⊙ σ′(z^L)                   (BP1)
    4. Backpropagate, for l = L−1, ..., 2: δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)   (BP2, one step per layer)
    5. Output, for l = L, ..., 2: ∂C/∂b^l_j = δ^l_j, ∂C/∂w^l_{jk} = a^{l-1}_k δ^l_j (BP3, BP4, one step per layer)
    6. Gradient descent (m = 1): w^l → w^l − η ∂C/∂w^l, b^l → b^l − η ∂C/∂b^l, and the new cost.

That is 3L − 1 steps (8 for the lecture's 2-3-2 network). `algorithm_steps` computes them with
the four equations of `bpcore.equations` and `update_mini_batch` (`stepper.print_steps` prints
their numbers). Indices in the text are the lecture's, from 1; the equations are plain Unicode text
(w³₁₃, δ², ∂C/∂b³), with every number shown so that the arithmetic shown is true (`step_text`).
The target y is written beside the output neurons from the first step on: the sign of δ^L_j is
the sign of a^L_j − y_j, which a student can predict from the picture.
"""
from typing import NamedTuple

import numpy as np

from bpcore.activations import sigmoid_prime
from bpcore.equations import backpropagate_error, bias_gradient, output_error, weight_gradient
from bpcore.lessons.kit import drawing, notation
from bpcore.lessons.kit.notation import sup
from bpcore.metrics import cost_value
from bpcore.sgd import update_mini_batch

from .step_text import (
    MAX_TERMS,
    bp1_line,
    bp2_line,
    descent_line,
    feedforward_heading,
    feedforward_line,
    product,
    rows,
    shown,
    vector,
)

MAX_ROWS = 4    # equations written out for at most this many neurons per step, then "⋮"
MAX_NEURONS = 6  # the step-through writes z, a and δ beside every neuron: room for up to 6 a layer
MAX_LAYERS = 4


class Step(NamedTuple):
    """One step of the algorithm: what the widget shows and what the tests check.

    number: 1-based; title: the slide's name of the step; equations: text lines with the
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


def check_sizes(sizes):
    """The layer sizes, if the step-through can show them: positive integers, 2 to MAX_LAYERS
    layers of at most MAX_NEURONS neurons; else a ValueError that says what to pass."""
    return drawing.check_sizes(sizes, MAX_NEURONS, MAX_LAYERS, what="the step-through",
                               example="for example stepper(sizes=[3, 4, 2], seed=0)")


def _sym(kind, l, *indices):
    return notation.text_label(kind, l, *indices)


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


class _Pass(NamedTuple):
    """The forward and backward pass of one example, by layer (1-D arrays, entry j − 1 is neuron j)."""
    z: dict
    a: dict
    sigma_prime: dict
    delta: dict
    grad_b: dict
    grad_w: dict


def _compute(net, x, y):
    L = net.L
    forward = net.forward(x)
    z = {l: forward.z(l)[:, 0] for l in range(2, L + 1)}
    a = {l: forward.a(l)[:, 0] for l in range(1, L + 1)}
    sigma_prime = {l: sigmoid_prime(z[l]) for l in z}
    delta = {L: output_error((a[L] - y)[:, None], sigma_prime[L][:, None])}                   # BP1
    for l in range(L - 1, 1, -1):
        delta[l] = backpropagate_error(net.w(l + 1), delta[l + 1], sigma_prime[l][:, None])   # BP2
    grad_b = {l: bias_gradient(d)[:, 0] for l, d in delta.items()}                           # BP3
    grad_w = {l: weight_gradient(d, a[l - 1][:, None]) for l, d in delta.items()}            # BP4
    return _Pass(z, a, sigma_prime, {l: d[:, 0] for l, d in delta.items()}, grad_b, grad_w)


def algorithm_steps(net, x, y, eta=1.0):
    """The 3L − 1 steps of the Backpropagation Algorithm for the example (x, y), then one
    gradient-descent step with learning rate η, quadratic cost. Returns a list of `Step`."""
    check_sizes(net.sizes)
    x, y = _example(net, x, y)
    L, sizes = net.L, net.sizes
    p = _compute(net, x, y)
    neurons = {l: range(1, sizes[l - 1] + 1) for l in range(1, L + 1)}
    # neuron texts accumulate (a value once computed stays on the picture); under each output
    # neuron its target y_j, from the first step on
    shown_values = {}
    steps = []

    def add(title, equations, description, highlight, numbers, weight_values=None):
        steps.append(Step(len(steps) + 1, title, equations, description,
                          _with_targets(shown_values, y, L), weight_values or {}, highlight, numbers))

    def write(l, j, line):
        shown_values.setdefault((l, j), []).append(line)

    for j in neurons[1]:
        write(1, j, f"a = {shown(p.a[1][j - 1])}")
    add("Input x: set the activation a¹ of the input layer",
        [f"a¹ = x = {vector(p.a[1])}", f"y = {vector(y)}  (the target, written under the output neurons)"],
        f"the input a¹ = x = {vector(p.a[1], limit=None)} is set on the input neurons; the target is "
        f"y = {vector(y, limit=None)}", [("neuron", 1, j) for j in neurons[1]], {"a^1": p.a[1]})

    for l in range(2, L + 1):
        eqs = [feedforward_heading(sizes, l)]
        eqs += rows((feedforward_line(net, p, l, j) for j in neurons[l]), MAX_ROWS)
        for j in neurons[l]:
            write(l, j, f"z = {shown(p.z[l][j - 1])}")
            write(l, j, f"a = {shown(p.a[l][j - 1])}")
        add(f"Feedforward into layer {l}", eqs,
            f"feedforward into layer {l}: z^{l} = w^{l} a^{l - 1} + b^{l} = {vector(p.z[l], limit=None)}, "
            f"a^{l} = σ(z^{l}) = {vector(p.a[l], limit=None)}",
            [("neuron", l, j) for j in neurons[l]] + _weights_of(net, l), {f"z^{l}": p.z[l], f"a^{l}": p.a[l]})

    eqs = [f"δ{sup(L)} = (a{sup(L)} − y) ⊙ σ′(z{sup(L)})   (BP1, quadratic cost)"]
    eqs += rows((bp1_line(p, y, L, j) for j in neurons[L]), MAX_ROWS)
    for j in neurons[L]:
        write(L, j, f"δ = {shown(p.delta[L][j - 1])}")
    add(f"Output error δ{sup(L)} (BP1)", eqs,
        f"output error (BP1): δ^{L} = (a^{L} − y) ⊙ σ′(z^{L}) = {vector(p.delta[L], limit=None)}",
        [("neuron", L, j) for j in neurons[L]], {f"sigma'(z^{L})": p.sigma_prime[L], f"delta^{L}": p.delta[L]})

    for l in range(L - 1, 1, -1):
        back = net.w(l + 1).T @ p.delta[l + 1]
        eqs = [f"δ{sup(l)} = ((w{sup(l + 1)})ᵀ δ{sup(l + 1)}) ⊙ σ′(z{sup(l)})   (BP2)"]
        eqs += rows((bp2_line(net, back, p, l, j) for j in neurons[l]), MAX_ROWS)
        for j in neurons[l]:
            write(l, j, f"δ = {shown(p.delta[l][j - 1])}")
        add(f"Backpropagate the error to layer {l} (BP2)", eqs,
            f"backpropagate the error (BP2): δ^{l} = ((w^{l + 1})^T δ^{l + 1}) ⊙ σ′(z^{l}) = "
            f"{vector(p.delta[l], limit=None)}",
            [("neuron", l, j) for j in neurons[l]] + _weights_of(net, l + 1),
            {f"(w^{l + 1})^T delta^{l + 1}": back, f"sigma'(z^{l})": p.sigma_prime[l], f"delta^{l}": p.delta[l]})

    for l in range(L, 1, -1):
        keys = [(l, j, k) for j in neurons[l] for k in neurons[l - 1]]
        eqs = [f"∂C/∂{_sym('b', l, 'j')} = {_sym('delta', l, 'j')}  (BP3):   ∂C/∂b{sup(l)} = {vector(p.grad_b[l])}",
               f"∂C/∂{_sym('w', l, 'j', 'k')} = {_sym('a', l - 1, 'k')} {_sym('delta', l, 'j')}   (BP4)"]
        eqs += rows((f"∂C/∂{_sym('w', l, j, k)} = {_sym('a', l - 1, k)} {_sym('delta', l, j)} = "
                     + product(p.a[l - 1][k - 1], p.delta[l][j - 1], p.grad_w[l][j - 1, k - 1])
                     for _, j, k in keys), 2 * MAX_ROWS - 1)
        add(f"Output: the gradients of layer {l} (BP3, BP4)", eqs,
            f"gradients of layer {l}: ∂C/∂b^{l} = δ^{l} = {vector(p.grad_b[l], limit=None)}; "
            f"∂C/∂w^{l} = δ^{l} (a^{l - 1})^T, "
            + "; ".join(f"row {j}: {vector(p.grad_w[l][j - 1], limit=None)}" for j in neurons[l]),
            _weights_of(net, l) or [("neuron", l, j) for j in neurons[l]],
            {f"dC/db^{l}": p.grad_b[l], f"dC/dw^{l}": p.grad_w[l]},
            {key: shown(p.grad_w[l][key[1] - 1, key[2] - 1]) for key in keys})
    steps.append(_update_step(net, x, y, eta, p, shown_values, len(steps) + 1))
    return steps


def _with_targets(values, y, L):
    """{(l, j): text}: the neurons' lines, and under each output neuron 'y = y_j'."""
    texts = {key: list(lines) for key, lines in values.items()}
    for j in range(1, len(y) + 1):
        texts.setdefault((L, j), []).append(f"y = {shown(y[j - 1])}")
    return {key: "\n".join(lines) for key, lines in texts.items()}


def _weights_of(net, l, limit=8):
    """Highlight items for every weight into layer l, if there are at most `limit` (beyond that
    a whole layer of black edges hides more than it shows: then none)."""
    keys = [("w", l, j, k) for j in range(1, net.sizes[l - 1] + 1) for k in range(1, net.sizes[l - 2] + 1)]
    return keys if len(keys) <= limit else []


def _update_step(net, x, y, eta, p, shown_values, number):
    L = net.L
    new = net.copy()
    update_mini_batch(new, x[:, None], y[:, None], eta, "quadratic")
    before, after = cost_value(net, x, y), cost_value(new, x, y)
    a_new = new.forward(x)
    values = {key: list(v) for key, v in shown_values.items()}
    for l in range(2, L + 1):
        for j in range(1, net.sizes[l - 1] + 1):
            values[(l, j)] = [f"new a = {shown(a_new.a(l)[j - 1, 0])}"]
    eqs = [f"w → w − η ∂C/∂w,  b → b − η ∂C/∂b  in every layer  (η = {eta:g}, m = 1)"]
    for k in range(1, min(net.sizes[-2], MAX_TERMS) + 1):
        eqs.append(descent_line(_sym('w', L, 1, k), net.w(L)[0, k - 1], eta, p.grad_w[L][0, k - 1],
                                 new.w(L)[0, k - 1]))
    eqs.append(descent_line(_sym('b', L, 1), net.b(L)[0, 0], eta, p.grad_b[L][0], new.b(L)[0, 0])
               + "   (and likewise every w, b)")
    eqs.append(f"cost C = ½‖y − a{sup(L)}‖²:  {before:.6f} → {after:.6f}")
    keys = [(l, j, k) for l in range(2, L + 1) for j in range(1, net.sizes[l - 1] + 1)
            for k in range(1, net.sizes[l - 2] + 1)]
    numbers = {"C before": np.array(before), "C after": np.array(after)}
    for l in range(2, L + 1):
        numbers[f"new w^{l}"] = new.w(l).copy()
        numbers[f"new b^{l}"] = new.b(l)[:, 0].copy()
    change = (f"the cost falls from {before:.6f} to {after:.6f}" if after < before
              else f"the cost rises from {before:.6f} to {after:.6f} (η too large)")
    return Step(number, "Gradient descent: update every weight and bias", eqs,
                f"gradient descent with η = {eta:g}: every weight and bias moves against its gradient; {change}",
                _with_targets(values, y, L),
                {key: f"{new.w(key[0])[key[1] - 1, key[2] - 1]:.2f}" for key in keys},
                [], numbers)   # every weight changed: none is singled out
