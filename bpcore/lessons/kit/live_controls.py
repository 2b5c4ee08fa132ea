"""Controls that keep the keyboard focus and say what they changed, the same under ipywidgets 8
(JupyterLab, Notebook 7) and 7.7 (Colab): they are anywidgets, like the sliders of `controls`.

    from .live_controls import Button, Progress, Status
    status = Status("press Train", visible=True)      # a polite live region
    train = Button("Train", tooltip="train a network with these settings", primary=True)

    def on_train(button):
        with button.working():                          # unavailable (aria-disabled, busy), focused
            status.say("training started: ...")
            ...
            status.say("finished: cost after 10 epochs 0.163, test accuracy 83.7%")
    train.on_click(on_train)

Why not ipywidgets' Button: `disabled=True` puts the `disabled` attribute on the <button>, and a
disabled element loses the focus, so a screen reader lands on the whole page (Orca with
Chromium). `Button` is never disabled in the DOM: unavailable (`disabled`, or `busy` while its
work runs), it has aria-disabled="true", keeps the focus and ignores presses; a press sent
before the browser knew it was busy is ignored too (`settled`). Its accessible name is its
words (`description`); a symbol beside them is hidden from screen readers, and a private-use
character (an icon font's glyph) is refused.

`Status` is a polite live region (role=status): a screen reader says its text once after each
`say`. `Progress` is a progress bar in the accessibility tree (role=progressbar, its value in
words: "epoch 3 of 10").
"""
import contextlib
import unicodedata

import anywidget
import traitlets

from .live_view import BUTTON_ESM, LIVE_CSS, MENU_ESM, PROGRESS_ESM, STATUS_ESM
from .spoken import words


def check_name(text, what):
    """`text` stripped, or a ValueError if it is empty or holds a private-use character (an
    icon font's glyph, which a screen reader reads as a code or not at all)."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"{what} must be a non-empty text of words, got {text!r}")
    glyphs = [f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Co"]
    if glyphs:
        raise ValueError(f"{what} {text!r} holds private-use character(s) {', '.join(glyphs)} (icon "
                         f"glyphs): name the control in words, e.g. 'next step'")
    return text.strip()


class Button(anywidget.AnyWidget):
    """A button named by its words: `Button("next step", tooltip=..., symbol_after="▶")`.
    `on_click(handler)` calls handler(button) on each press while the button is available."""

    _esm = BUTTON_ESM
    _css = LIVE_CSS
    description = traitlets.Unicode("", help="The words on the button: its accessible name.").tag(sync=True)
    tooltip = traitlets.Unicode("", help="What a press does (the title: its accessible description).").tag(sync=True)
    symbol_before = traitlets.Unicode("", help="A symbol before the words, hidden from screen readers.").tag(sync=True)
    symbol_after = traitlets.Unicode("", help="A symbol after the words, hidden from screen readers.").tag(sync=True)
    primary = traitlets.Bool(False, help="Shown as the main action.").tag(sync=True)
    disabled = traitlets.Bool(False, help="Unavailable (aria-disabled): presses are ignored.").tag(sync=True)
    busy = traitlets.Bool(False, help="Its work is running (aria-busy, aria-disabled).").tag(sync=True)
    settled = traitlets.Int(0, help="How many times its work has ended (see the module docstring).").tag(sync=True)

    def __init__(self, description, *, tooltip, symbol_before="", symbol_after="", primary=False,
                 disabled=False, **kwargs):
        super().__init__(description=check_name(description, "Button description"),
                         tooltip=check_name(tooltip, "Button tooltip"), symbol_before=symbol_before,
                         symbol_after=symbol_after, primary=bool(primary), disabled=bool(disabled), **kwargs)
        self._handlers = []
        self.on_msg(self._message)

    def on_click(self, handler):
        """Call handler(button) on each press (as ipywidgets' Button.on_click)."""
        self._handlers.append(handler)

    def click(self):
        """Press the button from Python: the handlers run unless it is unavailable."""
        if self.disabled or self.busy:
            return
        for handler in self._handlers:
            handler(self)

    def _message(self, _widget, content, _buffers):
        # a press made before the browser learnt of the last busy spell belongs to that spell
        if content.get("event") == "click" and content.get("settled", self.settled) == self.settled:
            self.click()

    @contextlib.contextmanager
    def working(self):
        """Busy (unavailable, focus kept) while the block runs; presses made meanwhile are ignored."""
        self.busy = True
        try:
            yield self
        finally:
            with self.hold_sync():
                self.busy = False
                self.settled += 1

    def __repr__(self):
        return f"Button(description={self.description!r})"


class Status(anywidget.AnyWidget):
    """A polite live region: `say(text)` and a screen reader says it, once. `visible=False`
    keeps it out of sight (the figure beside it shows the same) but in the accessibility tree."""

    _esm = STATUS_ESM
    _css = LIVE_CSS
    value = traitlets.Unicode("", help="The text said last.").tag(sync=True)
    said = traitlets.Int(0, help="How many times `say` was called (the same text is said again).").tag(sync=True)
    visible = traitlets.Bool(True, help="Shown on the page, or only in the accessibility tree.").tag(sync=True)

    def __init__(self, value="", visible=True, **kwargs):
        super().__init__(value=value, visible=bool(visible), **kwargs)

    def say(self, text):
        """Show `text` and have it announced (politely: after what the screen reader is saying)."""
        with self.hold_sync():
            self.value = check_name(text, "Status text")
            self.said += 1

    def __repr__(self):
        return f"Status({self.value!r})"


class Progress(anywidget.AnyWidget):
    """A progress bar: `description` (its name), `value` of `max` done; said as
    "<unit> <value> of <max>" (aria-valuetext), "<unit> 0 of <max>, not started" at 0."""

    _esm = PROGRESS_ESM
    _css = LIVE_CSS
    value = traitlets.Int(0).tag(sync=True)
    max = traitlets.Int(1).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    tooltip = traitlets.Unicode("").tag(sync=True)
    unit = traitlets.Unicode("step")
    value_text = traitlets.Unicode("", help="The value in words (aria-valuetext).").tag(sync=True)

    def __init__(self, value=0, max=1, *, description, tooltip, unit, **kwargs):
        super().__init__(value=int(value), max=int(max), description=check_name(description, "Progress description"),
                         tooltip=check_name(tooltip, "Progress tooltip"), unit=unit, **kwargs)
        self._words()

    @traitlets.validate("value")
    def _validate_value(self, proposal):
        return min(max(int(proposal["value"]), 0), self.max)

    @traitlets.observe("value", "max", "unit")
    def _words(self, _change=None):
        text = f"{self.unit} {self.value} of {self.max}"
        self.value_text = text + (", not started" if self.value == 0 else "")

    def __repr__(self):
        return f"Progress({self.value_text!r})"


class Menu(anywidget.AnyWidget):
    """A menu (a native <select>), with ipywidgets Dropdown's arguments: `options` (values, or
    (text, value) pairs), `value`, `description` (the visible label: its name) and `tooltip`
    (said as its description, in words). `value` is observed like a Dropdown's."""

    _esm = MENU_ESM
    _css = LIVE_CSS
    index = traitlets.Int(0, help="The option chosen, 0-based.").tag(sync=True)
    labels = traitlets.List(traitlets.Unicode(), help="Each option's text, as shown.").tag(sync=True)
    spoken = traitlets.List(traitlets.Unicode(), help="Each option's text in words.").tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    tooltip = traitlets.Unicode("").tag(sync=True)
    described = traitlets.Unicode("", help="The tooltip in words: the accessible description.").tag(sync=True)
    value = traitlets.Any(None, help="The chosen option's value (not synced: the browser knows `index`).")

    def __init__(self, options, value=None, *, description, tooltip, style=None, layout=None, **kwargs):
        pairs = [o if isinstance(o, tuple) and len(o) == 2 and isinstance(o[0], str) else (str(o), o)
                 for o in options]
        if not pairs:
            raise ValueError("Menu: options must not be empty, e.g. options=['epochs', 'updates']")
        self.options = tuple(v for _, v in pairs)
        texts = [text for text, _ in pairs]
        tooltip = check_name(tooltip, "Menu tooltip")
        if layout is not None:
            kwargs["layout"] = layout
        super().__init__(labels=texts, spoken=[words(t) for t in texts], tooltip=tooltip,
                         description=check_name(description, "Menu description"), described=words(tooltip),
                         **kwargs)
        self.value = self.options[0] if value is None else value

    @traitlets.validate("value")
    def _validate_value(self, proposal):
        if proposal["value"] not in self.options:
            raise ValueError(f"Menu {self.description!r}: value {proposal['value']!r} is not one of its "
                             f"options {list(self.options)}")
        return proposal["value"]

    @traitlets.observe("value")
    def _value_changed(self, change):
        self.index = self.options.index(change["new"])

    @traitlets.validate("index")
    def _validate_index(self, proposal):
        if not 0 <= proposal["value"] < len(self.options):
            raise ValueError(f"Menu {self.description!r}: option {proposal['value']} is outside 0 to "
                             f"{len(self.options) - 1}")
        return proposal["value"]

    @traitlets.observe("index")
    def _index_changed(self, change):
        if self.options.index(self.value) != change["new"]:   # chosen in the browser
            self.value = self.options[change["new"]]

    @property
    def label(self):
        """The chosen option's text (as ipywidgets' Dropdown.label)."""
        return self.labels[self.index]

    def __repr__(self):
        return f"Menu(value={self.value!r}, description={self.description!r})"
