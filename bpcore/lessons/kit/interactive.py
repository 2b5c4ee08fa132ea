"""Named controls wired to a live figure: `interactive(live, update, **controls)` is the cell's last
expression, the controls above the `LivePlot` and a polite live status between them.

Every control needs a `description` (visible) and a `tooltip` (its full name): `check_named`
refuses one without, by name. `update(**values)` runs once at once, outside any widget, so an
error in it fails the cell, then again after every change of a control; the status then says
what the figure shows now. `WidgetWithFigure` displays a live widget together with the figure as
first drawn, for renderers without a kernel (a notebook not run yet, GitHub, nbconvert).
"""
import ipywidgets as widgets

from .compat import view_data
from .controls import RangeControl
from .live_controls import Button, Menu, Status
from .widgets import LivePlot, NamedBox


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
