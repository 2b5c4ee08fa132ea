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

Without a kernel. `interactive` (`kit.interactive`) returns an object whose display bundle holds the widget view
and, from `figures.FigureImage`, the figure as first drawn (PNG, ``<img alt>``, text): a
renderer that cannot show the live widget (JupyterLab in a notebook that was not run, GitHub,
nbconvert's HTML) shows the figure and its description instead. Saving the notebook through a
server with bpcore's save hook (`bpcore.lessons.kit.saved_figures`) stores the figure as last drawn instead.

Names. A live figure's text alternative is the image widget's ``tooltip`` (the ``title`` of the
``<img>``); every control must have a ``description`` (visible) and a ``tooltip`` (its full name).

Announced. Under its controls an `Interactive` (`kit.interactive`) has a polite live region (`live_controls.Status`,
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
from .figures import PIXEL_RATIO, FigureImage, check_alt, encode_png
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
