"""Live figures for the notebooks: a matplotlib figure redrawn in place as sliders move.

    live = LivePlot(figsize=(6.4, 3.6))         # .fig, .axes to draw on
    dot, = live.axes.plot(...)                  # draw everything once
    live.moving(dot)                            # the artists the controls change

    def update(z):
        dot.set_data([z], [sigmoid_prime(z)])
        live.describe(f"... at z = {z:.2f}")    # the text alternative follows the sliders
        live.redraw()                           # only the moving artists are drawn again

    interactive(live, update, z=controls.FloatSlider(..., description="z",
                                                      tooltip="weighted input z"))

Speed. A full matplotlib draw of a plot takes tens of ms; a slider step need not pay it. After
a full draw `LivePlot` keeps the figure without its moving artists (``canvas.copy_from_bbox``),
and a step restores that background, draws the moving artists over it (``draw_artist``) and
encodes the PNG with a fast zlib level. ``redraw(full=True)`` draws everything again (and lays
the figure out again) when limits, ticks or other artists changed.

Sharpness. The figure is drawn at device pixel ratio 2 and shown at its CSS size (figsize × dpi,
never wider than the page), so it is sharp on HiDPI screens and projectors.

Without a kernel. `interactive` returns an object whose display bundle holds the widget view
and, from `figures.FigureImage`, the figure as first drawn (PNG, ``<img alt>``, text): a
renderer that cannot show the live widget (JupyterLab in a notebook that was not run, GitHub,
nbconvert's HTML) shows the figure and its description instead. Saving the notebook through a
server with bpcore's save hook (`bpcore.lessons.kit.saved_figures`) stores the figure as last drawn instead.

Names. A live figure's text alternative is the image widget's ``tooltip`` (the ``title`` of the
``<img>``); every control must have a ``description`` (visible) and a ``tooltip`` (its full name).

Announced. Under its controls an `Interactive` has a polite live region (`live_controls.Status`,
out of sight): after each change of a control a screen reader says what the figure shows now, in
spoken words (`spoken.words`): the text given to `live.announce(text)` in the update, else the
new text alternative.
"""
import ipywidgets as widgets
import numpy as np
import traitlets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .compat import IPYWIDGETS_MAJOR, view_data
from .controls import RangeControl
from .figures import PIXEL_RATIO, FigureImage, check_alt, encode_png
from .live_controls import Button, Menu, Status
from .spoken import words


class _Titled(traitlets.HasTraits):
    """A widget whose `tooltip` becomes the `title` of its element. ipywidgets 8.1's
    DOMWidgetView.updateTooltip reads `description.length`, which an Image or Box model lacks: a
    tooltip on one fails the view ("Cannot read properties of undefined"; jupyter-widgets/
    ipywidgets PR #3921). An empty, synced `description` avoids it, and the title goes on the
    element itself, as for any widget without a description. Under ipywidgets 7 (Colab) the
    tooltip is kept in Python only: 7's front end cannot show it (the README says what that costs)."""
    description = traitlets.Unicode("", help="Always empty: keeps ipywidgets' tooltip code working.").tag(sync=True)
    if IPYWIDGETS_MAJOR < 8:
        tooltip = traitlets.Unicode(None, allow_none=True)


class DescribedImage(_Titled, widgets.Image):
    """An ipywidgets Image whose `tooltip` becomes the `title` of the <img>: its text
    alternative for screen readers (axe's image-alt accepts a non-empty title)."""


class NamedBox(_Titled, widgets.VBox):
    """A VBox with a `tooltip` (the `title` of its element)."""


class LivePlot:
    """A figure redrawn in place: `fig`/`axes` to draw on, `widget` to display, `redraw()`.

    `dpi` sets the CSS size (figsize × dpi pixels); the figure is drawn at `PIXEL_RATIO` × dpi.
    """

    def __init__(self, nrows=1, ncols=1, figsize=(6.4, 3.6), dpi=80, **subplot_kw):
        self.css_dpi = dpi
        self.fig = Figure(figsize=figsize, dpi=PIXEL_RATIO * dpi, layout="constrained",
                          facecolor="white")
        self.canvas = FigureCanvasAgg(self.fig)
        self.axes = self.fig.subplots(nrows, ncols, squeeze=True, **subplot_kw)
        width, height = (round(n * dpi) for n in figsize)
        self.widget = DescribedImage(
            format="png", layout=widgets.Layout(width=f"{width}px", max_width="100%", height="auto"))
        self.description = None
        self._announcement = None
        self._moving = []
        self._background = None
        self._scenes = {}         # scene key -> background of that scene (see redraw)
        self._drawn = False
        self._engine = None       # the layout engine of the first draw, run again by full redraws

    # ------------------------------------------------------------------ what changes
    def moving(self, *artists):
        """Register the artists that the controls change; `redraw()` draws only these over a
        cached background. Returns the artists, so `dot, = live.moving(*ax.plot(...))` works."""
        for artist in artists:
            artist.set_animated(True)   # left out of full draws, hence out of the background
            if artist not in self._moving:
                self._moving.append(artist)
        self._background = None
        self._scenes = {}
        return artists

    def describe(self, text):
        """Set the live figure's text alternative (what it shows now, what to notice)."""
        self.description = check_alt(text, "describe(text)")
        self.widget.tooltip = self.description

    def announce(self, text):
        """What a screen reader says after this change (once; else the new text alternative)."""
        self._announcement = check_alt(text, "announce(text)")

    def announcement(self):
        """The text to say for the last change, in spoken words; the one-off `announce` is used up."""
        text, self._announcement = self._announcement or self.description, None
        return words(text) if text else None

    # ------------------------------------------------------------------ drawing
    def draw(self, full=False, scene=None):
        """Render into the canvas (no encoding): blit when possible, else a full draw. A `scene`
        seen before restores that scene's background instead of a full draw."""
        if scene is not None and scene in self._scenes and self._moving:
            self._background = self._scenes[scene]
            self.canvas.restore_region(self._background)
        elif full or self._background is None or not self._moving:
            self._full_draw(layout=full)
            if scene is not None and self._background is not None:
                self._scenes[scene] = self._background
        else:
            self.canvas.restore_region(self._background)
        for artist in self._moving:
            self.fig.draw_artist(artist)

    def _full_draw(self, layout):
        if not self._drawn:
            # The first draw lays the figure out; later draws keep that layout (a slider step
            # must not pay for it) unless redraw(full=True) asks for it again.
            self._engine = self.fig.get_layout_engine()
            self.canvas.draw()
            self.fig.set_layout_engine("none")
            self._drawn = True
        else:
            if layout and self._engine is not None:   # constrained (or tight) layout again
                self._engine.execute(self.fig)
            self.canvas.draw()
        self._background = self.canvas.copy_from_bbox(self.fig.bbox) if self._moving else None

    def rgba(self):
        """The canvas as an (H, W, 4) uint8 array (a copy)."""
        return np.array(self.canvas.buffer_rgba())

    def redraw(self, full=False, scene=None):
        """Draw what changed and show it: only the `moving` artists over the cached background,
        or everything with `full=True` (limits, ticks, titles or other artists changed).

        `scene` names the state of everything but the moving artists (e.g. the chosen neuron of a
        dropdown): the first full draw of a scene keeps its background, and a later redraw of the
        same scene restores it instead of drawing again (a menu choice seen before costs a blit).
        The caller sets the scene's limits and data first; scenes share one layout (fixed axes).
        """
        self.draw(full=full, scene=scene)
        self.widget.value = encode_png(np.asarray(self.canvas.buffer_rgba()), fast=True)

    def snapshot(self):
        """The figure as it is now, as a FigureImage (stored copy: compressed well)."""
        if self.widget.value == b"":
            self.redraw()
        alt = self.description or "A live figure; run the notebook to see it change with its controls."
        return FigureImage(encode_png(self.rgba()), alt)

    def _repr_mimebundle_(self, **kwargs):
        # Displaying a LivePlot shows its image widget.
        return {**view_data(self.widget), "text/plain": repr(self.widget)}


# ---------------------------------------------------------------------- controls
def check_named(name, control):
    """A clear error unless `control` is a control (a widget with a value, or a Button) with a
    description and a tooltip."""
    if not isinstance(control, (RangeControl, widgets.ValueWidget, widgets.Button, Button, Menu)):
        raise TypeError(f"control {name!r} must be a control with a value (a slider of "
                        f"bpcore.lessons.kit.controls, a dropdown, checkbox, ...) or a Button, got "
                        f"{type(control).__name__}")
    missing = [trait for trait in ("description", "tooltip")
               if not (getattr(control, trait, None) or "").strip()]
    if missing:
        raise ValueError(
            f"control {name!r} ({type(control).__name__}) has no {' and no '.join(missing)}: every "
            f"control needs a short visible description (the symbol, e.g. description=\"η\") and "
            f"a tooltip that is its full accessible name (e.g. tooltip=\"learning rate η\")")


def _is_button(control):
    return isinstance(control, (widgets.Button, Button))


def _wire(update, continuous, controls, after=None):
    for name, control in controls.items():
        check_named(name, control)
    controls = {n: c for n, c in controls.items() if not _is_button(c)}
    for control in controls.values():
        if hasattr(control, "continuous_update"):
            control.continuous_update = continuous

    def on_change(_change=None):
        update(**{name: c.value for name, c in controls.items()})
        if after is not None and _change is not None:
            after()

    on_change()   # once now, outside any widget: an error fails the cell
    for control in controls.values():
        control.observe(on_change, names="value")


def controls(update, continuous=True, **sliders):
    """Sliders that call `update(**values)` whenever one moves; returns a VBox of them.

    Every slider needs a `description` and a `tooltip` (its accessible name). `update` runs
    once right away with the sliders' initial values, outside any widget, so
    an exception in it is raised in the notebook cell. With continuous=False the expensive
    update runs on release rather than while dragging.
    """
    _wire(update, continuous, sliders)
    return widgets.VBox(list(sliders.values()))


class WidgetWithFigure:
    """Displays as `widget` (live) and, in the same bundle, `image` (a FigureImage: the figure as
    first drawn, for renderers without a kernel: a notebook not run yet, GitHub, nbconvert)."""

    def __init__(self, widget, image):
        self.widget, self.image = widget, image

    def _repr_mimebundle_(self, include=None, exclude=None):
        data, metadata = self.image.mimebundle()
        data.update(view_data(self.widget))
        return data, metadata


class Interactive(WidgetWithFigure):
    """Controls over a live figure; displays as the live widget plus the figure as first drawn.

    `widget` is the VBox (controls, then the figure), `live` the LivePlot, `controls` the
    controls by name, `image` the FigureImage stored for renderers without a kernel.
    """

    def __init__(self, live, update, continuous=True, row=False, **controls):
        if not isinstance(live, LivePlot):
            raise TypeError(f"interactive() expects a LivePlot first, got {type(live).__name__}")
        if not callable(update):
            raise TypeError(f"interactive() expects an update function second, got {update!r}")
        if not controls:
            raise ValueError("interactive() needs at least one control, e.g. z=controls.FloatSlider(...)")
        self.live, self.controls = live, controls
        # what changed, said once after each change (out of sight: the figure shows it)
        self.status = Status(visible=False)
        _wire(update, continuous, controls, after=self.say)
        if live.widget.value == b"":   # update did not draw: show the figure all the same
            live.redraw(full=True)
        self.image = live.snapshot()
        # The controls' names also as the title of their box: a pointer resting between the
        # controls still sees what they are.
        names = "; ".join(f"{c.description}: {c.tooltip}" for c in controls.values())
        valued = [c for c in controls.values() if not _is_button(c)]
        buttons = [c for c in controls.values() if _is_button(c)]
        rows = valued + ([widgets.HBox(buttons)] if buttons else [])
        if row:   # all in one row, in the order given (e.g. previous, step, next)
            rows = [widgets.HBox(list(controls.values()))]
        self.widget = widgets.VBox([NamedBox(rows, tooltip=names), self.status, live.widget])

    def say(self):
        """Announce what the figure shows after a change (`LivePlot.announcement`)."""
        text = self.live.announcement()
        if text:
            self.status.say(text)


def interactive(live, update, continuous=True, row=False, **controls):
    """Controls that call `update(**values)` and redraw `live`; the cell's last expression.

    `update` runs once at once with the controls' initial values (an error fails the cell).
    Every control needs a `description` and a `tooltip`. Buttons among the controls are shown
    (in a row under the other controls) but not passed to `update`: their `on_click` handlers
    typically move a slider, which calls `update`. With continuous=False an expensive
    update runs when a slider is released rather than while it is dragged. With row=True all
    controls stand in one row, in the order given (a step-through's previous, step, next).
    """
    return Interactive(live, update, continuous=continuous, row=row, **controls)
