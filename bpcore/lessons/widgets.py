"""Small helpers for the notebooks' interactive figures.

`LivePlot` keeps one matplotlib Figure and shows it as a PNG in an ipywidgets Image. A slider
callback changes the artists (set_data, set_text, ...) and calls `redraw()`: no new figure, no
cleared output, no flicker, and it works the same in JupyterLab, on Binder, and when a notebook
is executed without a browser. `controls` wires sliders to an update function and calls it once
directly, so an error in the function shows in the cell (and fails `pytest --nbval`) instead of
hiding inside a widget.
"""
import io

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image


class LivePlot:
    """A figure redrawn in place: `fig`/`axes` to draw on, `widget` to display, `redraw()`."""

    def __init__(self, nrows=1, ncols=1, figsize=(6.4, 3.6), dpi=80, **subplot_kw):
        self.fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
        self.canvas = FigureCanvasAgg(self.fig)
        self.axes = self.fig.subplots(nrows, ncols, squeeze=True, **subplot_kw)
        self.widget = widgets.Image(format="png")
        self._laid_out = False

    def redraw(self):
        """Render the figure and show it. The first call lays the figure out; later calls
        keep that layout, which halves the time a slider step takes."""
        self.canvas.draw()
        if not self._laid_out:
            self.fig.set_layout_engine("none")
            self._laid_out = True
        buffer = io.BytesIO()
        # fast zlib level: a 500x300 plot encodes in a few ms instead of tens
        Image.frombuffer("RGBA", self.canvas.get_width_height(), self.canvas.buffer_rgba()).save(
            buffer, format="png", compress_level=1)
        self.widget.value = buffer.getvalue()

    def _repr_mimebundle_(self, **kwargs):
        # Displaying a LivePlot shows its image widget.
        return self.widget._repr_mimebundle_(**kwargs)


def controls(update, continuous=True, **sliders):
    """Sliders that call `update(**values)` whenever one moves; returns a VBox of them.

    `update` runs once right away with the sliders' initial values, outside any widget, so
    an exception in it is raised in the notebook cell. With continuous=False the expensive
    update runs on release rather than while dragging.
    """
    for s in sliders.values():
        s.continuous_update = continuous

    def on_change(_change=None):
        update(**{name: s.value for name, s in sliders.items()})

    on_change()
    for s in sliders.values():
        s.observe(on_change, names="value")
    return widgets.VBox(list(sliders.values()))
