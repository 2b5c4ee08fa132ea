"""Sliders on a native ``<input type="range">``: named, announced as shown, keyboard-operable.

    from . import controls
    eta = controls.FloatLogSlider(value=3.0, base=10, min=-1, max=3, step=0.02, description="η",
                                  tooltip="learning rate η")
    eta.observe(handler, names="value")

Drop-in classes for the ipywidgets sliders the lessons use (`FloatSlider`, `FloatLogSlider`,
`IntSlider`, `SelectionSlider`), with the same constructor arguments. Why not ipywidgets' own:
its slider handle (noUiSlider) gets no accessible name, announces a log slider's exponent and a
selection slider's position instead of the value shown, and its readout is an extra unnamed Tab
stop (ipywidgets 8.1.9, jupyter-widgets/ipywidgets#2650). A native range input with a `<label>`
has none of these faults, and the browser gives it arrows, Page Up/Down and Home/End.

How. A slider is a list of positions 0 … n−1 (n ≤ `MAX_POSITIONS`), each with its value and
its text in the slider's display format. The browser side (`anywidget`: JupyterLab, Notebook 7,
VS Code, Colab) only knows the position `index` and the `labels`; Python maps a position to its
value. So the accessible value text is exactly the readout: ``aria-valuetext="η = 3.16"`` (or,
for a step-through, its place: ``IntSlider(..., counted=True)`` says "step 2 of 8"), and the
readout is an ``<output>`` (not focusable, hidden from screen readers, which read the value text
already). The accessible name (`name`, also the title) is the `tooltip` in spoken words (w^l_jk
is "w superscript l, row j, column k": `spoken.words`) and the range, the same for every slider:
"learning rate η, log scale, from 0.1 to 1000". A minus sign is written "−" (U+2212), which a
speech synthesizer says; a hyphen before a number is dropped (espeak-ng reads "-3.00" as "3.00").

Values. Setting `value` from Python accepts any value inside the bounds (the slider shows the
nearest position); a value outside them, or of the wrong kind, is refused with a ValueError or
TypeError that names the slider and the allowed range. A value set by the student's hand is
always a position's value.
"""
import math
import numbers

import anywidget
import traitlets

from .range_view import CSS, ESM
from .spoken import words

MAX_POSITIONS = 10001
"""At most this many positions (every position's text travels to the browser once)."""


def _is_real(x):
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


class RangeControl(anywidget.AnyWidget):
    """A slider over a list of positions; subclasses say what the positions' values and texts
    are (`_values`, `_text`). `value` is observed like an ipywidgets value:
    ``slider.observe(handler, names="value")``."""

    _esm = ESM
    _css = CSS
    _scale = ""   # said after the name, before the range
    index = traitlets.Int(0, help="The position shown, 0-based.").tag(sync=True)
    labels = traitlets.List(traitlets.Unicode(), help="Each position's text, as the readout shows it.").tag(sync=True)
    readout = traitlets.Unicode("", help="The value's text, as the readout shows it, e.g. '3.16'.").tag(sync=True)
    track_min = traitlets.Float(0.0, help="The range input's min: the first position's number.").tag(sync=True)
    track_step = traitlets.Float(1.0, help="The range input's step between positions.").tag(sync=True)
    description = traitlets.Unicode("", help="The visible label (the symbol, e.g. η).").tag(sync=True)
    tooltip = traitlets.Unicode("", help="What the slider sets, e.g. 'learning rate η'.").tag(sync=True)
    name = traitlets.Unicode("", help="The accessible name and title: the tooltip in words and the "
                                      "range, e.g. 'learning rate η, from 0.01 to 100'.").tag(sync=True)
    valuetext_format = traitlets.Unicode("{description} = {text}", help="The aria-valuetext, from the "
                                         "description and the value's text.").tag(sync=True)
    continuous_update = traitlets.Bool(True, help="Send every step while dragging, else on release.").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    value = traitlets.Any(None, help="The value (not synced: the browser knows only `index`).")

    def __init__(self, value, *, description, tooltip, continuous_update=True, disabled=False,
                 layout=None, style=None, counted=False, **kwargs):
        kind = type(self).__name__
        if not isinstance(description, str) or not description.strip() \
                or not isinstance(tooltip, str) or not tooltip.strip():
            raise ValueError(
                f"{kind} needs a short visible description (the symbol, e.g. description=\"η\") and a "
                f"tooltip that is its full accessible name (e.g. tooltip=\"learning rate η\"), got "
                f"description={description!r}, tooltip={tooltip!r}")
        if style is not None:   # ipywidgets' description_width etc.: the label width is the theme's
            kwargs.pop("style", None)
        if layout is not None:
            kwargs["layout"] = layout
        self._positions = self._values()
        if not 1 <= len(self._positions) <= MAX_POSITIONS:
            raise ValueError(f"{kind} {description!r} has {len(self._positions)} positions; it needs 1 to "
                             f"{MAX_POSITIONS} (a larger step, or a smaller range)")
        super().__init__(labels=[self._text(v) for v in self._positions], description=description.strip(),
                         tooltip=tooltip.strip(), continuous_update=bool(continuous_update),
                         disabled=bool(disabled), **kwargs)
        first, last = self.labels[0], self.labels[-1]
        self.name = f"{words(self.tooltip)}{self._scale}, from {first} to {last}"
        if counted:   # a place in a sequence: "step 2 of 8"
            self.valuetext_format = "{description} {text} of " + last
        self.value = self._positions[0] if value is None else value

    # ------------------------------------------------------------------ subclasses
    def _values(self):
        raise NotImplementedError

    def _text(self, value):
        raise NotImplementedError

    def _check(self, value):
        """The value as stored, or a clear error."""
        raise NotImplementedError

    def _nearest(self, value):
        """The position whose value is closest to `value`."""
        return min(range(len(self._positions)), key=lambda i: abs(self._positions[i] - value))

    # ------------------------------------------------------------------ value <-> index
    @traitlets.validate("value")
    def _validate_value(self, proposal):
        return self._check(proposal["value"])

    @traitlets.observe("value")
    def _value_changed(self, change):
        with self.hold_sync():   # one message: position and text together
            self.readout = self._text(change["new"])
            self.index = self._nearest(change["new"])

    @traitlets.validate("index")
    def _validate_index(self, proposal):
        index = proposal["value"]
        if not 0 <= index < len(self._positions):
            raise ValueError(f"{type(self).__name__} {self.description!r}: position {index} is outside "
                             f"0 to {len(self._positions) - 1}")
        return index

    @traitlets.observe("index")
    def _index_changed(self, change):
        if self._nearest(self.value) != change["new"]:   # moved in the browser: its position's value
            self.value = self._positions[change["new"]]

    @property
    def positions(self):
        """Every position's value, in order: what the slider can be set to by hand."""
        return tuple(self._positions)

    @property
    def value_text(self):
        """What a screen reader announces: 'η = 3.16', or 'step 2 of 8' (the aria-valuetext)."""
        return self.valuetext_format.format(description=self.description, text=self.readout)

    def __repr__(self):
        return f"{type(self).__name__}(value={self.value!r}, description={self.description!r})"


class _NumberSlider(RangeControl):
    """Positions min, min + step, …, max (the last one clipped to max)."""

    _kind = float
    _linear = True

    def __init__(self, value=None, min=0, max=10, step=1, readout_format=".2f", **kwargs):
        name = type(self).__name__
        for arg, x in (("min", min), ("max", max), ("step", step)):
            if not _is_real(x) or not math.isfinite(x):
                raise TypeError(f"{name}: {arg} must be a finite number, got {x!r}")
        if not min < max:
            raise ValueError(f"{name}: min must be less than max, got min={min}, max={max}")
        if not step > 0:
            raise ValueError(f"{name}: step must be positive, got step={step}")
        try:
            format(1.0 if self._kind is float else 1, readout_format)
        except (ValueError, TypeError):
            raise ValueError(f"{name}: readout_format {readout_format!r} is not a format for "
                             f"{self._kind.__name__} (e.g. '.2f', '.3g', 'd')") from None
        self.min, self.max, self.step, self.readout_format = min, max, step, readout_format
        if self._linear:   # the range input carries the numbers themselves
            kwargs.update(track_min=float(min), track_step=float(step))
        super().__init__(value, **kwargs)

    def _count(self):
        return math.floor((self.max - self.min) / self.step + 1e-9) + 1

    def _values(self):
        values = [self._kind(self.min + i * self.step) for i in range(self._count())]
        if self._kind is float:   # no 0.30000000000000004: round to the step's precision
            digits = max(0, -math.floor(math.log10(self.step)) + 6)
            values = [round(v, digits) for v in values]
        return values

    def _text(self, value):
        text = format(value, self.readout_format)
        if "e" in text and 1e-4 <= abs(value) < 1e6:   # '.3g' of 1000 is '1e+03': say 1000
            text = format(float(text), "f").rstrip("0").rstrip(".")
        return text.replace("-", "−")   # the minus sign: said "minus", where "-" is dropped

    def _check(self, value):
        name = f"{type(self).__name__} {self.description!r}"
        if not _is_real(value) or not math.isfinite(value):
            raise TypeError(f"{name}: value must be a finite number, got {value!r}")
        if self._kind is int and int(value) != value:
            raise TypeError(f"{name}: value must be a whole number, got {value!r}")
        low, high = self._positions[0], self._positions[-1]
        slack = 1e-9 * (abs(low) + abs(high))   # a value computed as 10 ** 2 may land a hair outside
        if not low - slack <= value <= high + slack:
            raise ValueError(f"{name}: value {value!r} is outside its range {low:{self.readout_format}} "
                             f"to {high:{self.readout_format}}; pass a value between them")
        return self._kind(min(max(value, low), high))


class FloatSlider(_NumberSlider):
    """A slider over min, min + step, …, max; shown with `readout_format` (default '.2f')."""


class IntSlider(_NumberSlider):
    """A slider over the whole numbers min, min + step, …, max (readout_format 'd'); with
    counted=True its value is said as its place, "step 2 of 8"."""

    _kind = int

    def __init__(self, value=None, min=0, max=100, step=1, readout_format="d", **kwargs):
        for arg, x in (("min", min), ("max", max), ("step", step)):
            if not isinstance(x, numbers.Integral) or isinstance(x, bool):
                raise TypeError(f"IntSlider: {arg} must be a whole number, got {x!r}")
        super().__init__(value, min=min, max=max, step=step, readout_format=readout_format, **kwargs)


class FloatLogSlider(_NumberSlider):
    """A slider over base**e for e = min, min + step, …, max (min and max are exponents, as in
    ipywidgets); shown with `readout_format` (default '.3g'), never as the exponent. The range
    input runs over the positions 0, 1, 2, ... (its text is the value's, aria-valuetext)."""

    _linear = False
    _scale = ", log scale"

    def __init__(self, value=None, base=10.0, min=0, max=4, step=0.1, readout_format=".3g", **kwargs):
        if not _is_real(base) or not base > 1:
            raise ValueError(f"FloatLogSlider: base must be a number above 1, got {base!r}")
        self.base = base
        super().__init__(value, min=min, max=max, step=step, readout_format=readout_format, **kwargs)

    def _values(self):
        return [float(self.base ** e) for e in super()._values()]

    def _nearest(self, value):   # closest in the exponent: that is what the track is
        target = math.log(value, self.base)
        return min(range(len(self._positions)),
                   key=lambda i: abs(math.log(self._positions[i], self.base) - target))


class SelectionSlider(RangeControl):
    """A slider over `options` (a list of values, shown with str, or of (text, value) pairs)."""

    def __init__(self, options, value=None, **kwargs):
        options = list(options)
        if not options:
            raise ValueError("SelectionSlider: options must not be empty, e.g. options=[1, 10, 100]")
        pairs = [o if isinstance(o, tuple) and len(o) == 2 and isinstance(o[0], str) else (str(o), o)
                 for o in options]
        self._texts = [text for text, _ in pairs]
        self.options = tuple(v for _, v in pairs)
        super().__init__(value, **kwargs)

    def _values(self):
        return list(self.options)

    def _text(self, value):
        return self._texts[self._nearest(value)]

    def _check(self, value):
        if value not in self.options:
            raise ValueError(f"SelectionSlider {self.description!r}: value {value!r} is not one of its "
                             f"options {list(self.options)}")
        return value

    def _nearest(self, value):
        return next(i for i, option in enumerate(self.options) if option == value)

    @property
    def label(self):
        """The text of the selected option (as ipywidgets' SelectionSlider.label)."""
        return self.readout
