"""The step-through of the Backpropagation Algorithm: the steps of `steps.algorithm_steps` on the
drawn network, the current step's equations with their numbers beside it, a step slider and
previous/next buttons.

    stepper()                          the lecture's 2-3-2 example, x = y = (1, 1)
    stepper(sizes=[3, 4, 2], seed=0)   a small network of your choice and an example from the seed
    stepper(net, x, y)                 yours
    print_steps(net, x, y)             every step's numbers, printed (the plain cell after it)

Speed: there are only 3L − 1 pictures. Each is drawn and PNG-encoded once (a 64-colour palette
PNG, small to send and to decode), when the widget is built; a press of a button or a move of
the slider then only sends a stored picture. Text: every
text of the figure is at least `MIN_POINTS` (11 CSS px at the figure's 80 CSS px per inch).

Heard. The slider says its place ("step 2 of 8"); the buttons are named "previous step" and
"next step" (the arrows beside the words are hidden from screen readers) and at either end say
they are unavailable (aria-disabled) while keeping the focus. After each move the live status
says the step's title and its equation in spoken words (`spoken.words`), after a button press
with the step's place first (the slider, which says it itself when moved, is not repeated); the
figure's text alternative is the step's description in the same words.
"""
import re

import numpy as np
from matplotlib.text import Text

from bpcore.lessons.kit import drawing
from bpcore.lessons.kit.controls import IntSlider
from bpcore.lessons.kit.figures import encode_png
from bpcore.lessons.kit.interactive import interactive
from bpcore.lessons.kit.live_controls import Button
from bpcore.lessons.kit.spoken import words
from bpcore.lessons.kit.widgets import LivePlot
from bpcore.network import Network

from .steps import Step, algorithm_steps, check_sizes

__all__ = ["stepper", "StepperView", "algorithm_steps", "print_steps", "example_network", "check_sizes", "Step"]

CSS_DPI = 80
MIN_POINTS = 10.0   # 10 pt at 80 CSS px per inch is 11.1 CSS px
PICTURE_COLORS = 64  # each step's picture as a palette PNG: a third of the bytes to send and decode


def stepper(net=None, x=None, y=None, eta=1.0, sizes=None, seed=0):
    """A widget that walks the algorithm's steps on the drawn network: a step slider and
    previous/next buttons; beside the picture, the current step's equation with its numbers.

    stepper() runs the lecture's 2-3-2 example (x = y = (1, 1)); stepper(sizes=[3, 4, 2], seed=0)
    a small network of your choice with an example drawn from the seed; stepper(net, x, y) yours.
    """
    if sizes is not None:
        net, x, y = example_network(sizes, seed)
    net, x, y = defaults(net, x, y)
    return StepperView(net, x, y, eta).widget()


def legible(fig, points=MIN_POINTS):
    """Raise every text of `fig` (labels, ticks, titles) to at least `points`."""
    for text in fig.findobj(Text):
        if text.get_fontsize() < points:
            text.set_fontsize(points)


class StepperView:
    """The figure of the stepper: the drawn network on the left, the step's equations on the right.
    `show(n)` puts step n (1-based) on it; `widget()` wires the controls."""

    def __init__(self, net, x, y, eta=1.0):
        self.steps = algorithm_steps(net, x, y, eta)
        # the drawing keeps circles round, so a taller network gets a taller figure (4.4 to 7 in)
        width_units = (net.L - 1) * drawing.LAYER_GAP + 2.0
        height_units = (max(net.sizes) - 1) * drawing.NEURON_GAP + 1.85
        height = float(np.clip(5.3 * height_units / width_units + 1.3, 4.4, 7.0))
        self.live = LivePlot(1, 2, figsize=(11.5, height), dpi=CSS_DPI,
                             gridspec_kw={"width_ratios": [1.0, 1.25]})
        ax_net, ax_eq = self.live.axes
        self.drawing = drawing.draw_network(net, ax=ax_net)
        # values on the lines only where the lines carry labels (small layers), else the panel lists them
        self.labelled = any(self.drawing.weight_label.values())
        ax_eq.axis("off")
        self.title = ax_eq.text(0.0, 1.0, "", fontsize=11.5, fontweight="bold", va="top", transform=ax_eq.transAxes)
        self.equations = ax_eq.text(0.0, 0.9, "", fontsize=MIN_POINTS, va="top", linespacing=1.8,
                                    transform=ax_eq.transAxes)
        ax_net.set_title(drawing.legend_text().replace("; ", "\n") + "\nblack outlines: what the step computes or uses",
                         fontsize=MIN_POINTS, color="0.25")
        legible(self.live.fig)
        self.live.moving(*self.drawing.moving_artists(), self.title, self.equations)
        self.pictures = {}     # step -> PNG, each drawn once
        self.slider = self.previous = self.next = None
        self._pressed = False   # the next update comes from a button: say the step's place

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

    def picture(self, n):
        """Step n's PNG: drawn and encoded the first time, then kept."""
        if n not in self.pictures:
            self.show(n)
            self.live.draw()
            self.pictures[n] = encode_png(self.live.rgba(), colors=PICTURE_COLORS)
        return self.pictures[n]

    def describe(self, step):
        """The figure's text alternative, in spoken words."""
        return words(f"Step {step.number} of {len(self.steps)} of the backpropagation algorithm, {step.description}.")

    def announcement(self, step, place=False):
        """What the live status says for `step`: its title and its equation (the first line) in
        words, e.g. "Output error delta superscript 3 (BP1): delta superscript 3 equals ...";
        with `place`, "Step 4 of 8, " first (a button was pressed; a moved slider says it)."""
        text = f"{step.title}: " + re.sub(r",?\s{2,}", ", ", step.equations[0])   # columns: a pause
        if place:
            text = f"Step {step.number} of {len(self.steps)}, {text}"
        return words(text)

    def update(self, step):
        """Show step `step`: its picture, its text alternative, the buttons that can still move."""
        picture = self.picture(step)
        with self.live.widget.hold_sync():   # picture and text alternative in one message
            shown = self.show(step)   # the figure's texts as pictured
            self.live.describe(self.describe(shown))
            self.live.widget.value = picture
        self.live.announce(self.announcement(shown, place=self._pressed))
        self._pressed = False
        if self.previous is not None:   # unavailable at the ends (aria-disabled: focus kept)
            self.previous.disabled, self.next.disabled = step == 1, step == len(self.steps)

    def go_back(self, _button=None):
        self.go_to(max(1, self.slider.value - 1))

    def go_on(self, _button=None):
        self.go_to(min(len(self.steps), self.slider.value + 1))

    def go_to(self, step):
        """Show `step` and move the slider there. The picture is sent first, so the browser
        decodes it while the slider's own update follows (which then changes nothing more)."""
        self._pressed = True
        self.update(step)
        self._pressed = True   # the slider's own update follows: it says the place too
        self.slider.value = step
        self._pressed = False

    def widget(self, prerender=True):
        """The previous button, the step slider and the next button in a row above the figure.
        With `prerender`, every step's picture is made now, so that moving costs no drawing."""
        n = len(self.steps)
        if prerender:
            for step in range(n, 0, -1):   # the last drawn is step 1, the one shown first
                self.picture(step)
        self.slider = IntSlider(value=1, min=1, max=n, description="step", counted=True,
                                tooltip="step of the backpropagation algorithm")
        self.previous = Button("previous step", symbol_before="◀", disabled=True,
                               tooltip="go back one step of the algorithm")
        self.next = Button("next step", symbol_after="▶", disabled=n == 1,
                           tooltip="go to the next step of the algorithm")
        self.previous.on_click(self.go_back)
        self.next.on_click(self.go_on)
        return interactive(self.live, self.update, row=True, previous=self.previous, step=self.slider,
                           next=self.next)


def example_network(sizes, seed=0):
    """A student's network: Network(sizes, seed) and an example (x, y) drawn from the same seed,
    rounded to 2 decimals so the equations stay readable. Sizes are checked first (`check_sizes`)."""
    sizes = check_sizes(sizes)
    rng = np.random.default_rng(seed)
    net = Network(sizes, seed=rng)
    x = np.round(rng.random(sizes[0]), 2)
    y = np.round(rng.random(sizes[-1]), 2)
    return net, x, y


def defaults(net, x, y):
    """(net, x, y), the lecture's 2-3-2 example with x = y = (1, 1) where net is None; a clear
    error for a network without its example."""
    if net is None:
        from .example import X, Y, network
        return network(), X if x is None else x, Y if y is None else y
    if x is None or y is None:
        raise ValueError("with your own network, pass the example too: x (one value per input neuron) "
                         "and y (one per output neuron), or use stepper(sizes=[3, 4, 2], seed=0)")
    return net, x, y


def print_steps(net=None, x=None, y=None, eta=1.0):
    """Print the numbers of every step (the plain cell after the widget). Defaults: the lecture's
    2-3-2 example, x = y = (1, 1)."""
    net, x, y = defaults(net, x, y)
    for step in algorithm_steps(net, x, y, eta):
        print(f"step {step.number}: {step.title}")
        for name, value in step.numbers.items():
            text = np.array2string(np.asarray(value), precision=4, floatmode="fixed", suppress_small=True,
                                   prefix="    " + name + " = ")
            print(f"    {name} = {text}")
