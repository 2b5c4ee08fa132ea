"""The ipywidgets controls the lessons use, the same under ipywidgets 8 (JupyterLab, Notebook 7,
Binder, a hub) and ipywidgets 7.7 (Google Colab, which pins 7.7.1).

    from .compat import Dropdown, IntProgress, view_data
    menu = Dropdown(options=["epochs", "updates"], description="clock", tooltip="x axis: ...")

The one difference the lessons meet: ipywidgets 8 calls a control's full name `tooltip`, 7 calls
it `description_tooltip` (only a Button has `tooltip` in both). Under 7, `Dropdown` and
`IntProgress` here take `tooltip=` and keep it as `description_tooltip`, which 7 shows as the
label's title; `control.tooltip` reads it back. Under 8 they are ipywidgets' own classes.

The controls that keep the focus and say what they changed (a button, a live status, a progress
bar, a menu described in words) are anywidgets, the same under 7 and 8: `live_controls`.

`view_data(widget)` is the widget's view (the ``application/vnd.jupyter.widget-view+json``
entry of its display bundle), which ipywidgets 8 gives with `_repr_mimebundle_` and 7 only
displays (`_ipython_display_`).
"""
import ipywidgets as widgets

IPYWIDGETS_MAJOR = int(widgets.__version__.split(".", 1)[0])
VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def _named(cls):
    """`cls` if it takes `tooltip=`; else (ipywidgets 7) a subclass that keeps the tooltip as
    `description_tooltip`, 7's name for it."""
    if "tooltip" in cls.class_trait_names():
        return cls

    class Named(cls):
        def __init__(self, *args, tooltip=None, **kwargs):
            super().__init__(*args, description_tooltip=tooltip, **kwargs)

        @property
        def tooltip(self):
            return self.description_tooltip

        @tooltip.setter
        def tooltip(self, text):
            self.description_tooltip = text

    Named.__name__ = Named.__qualname__ = cls.__name__
    Named.__doc__ = f"ipywidgets' {cls.__name__}, with `tooltip` kept as 7's description_tooltip."
    return Named


Dropdown = _named(widgets.Dropdown)
IntProgress = _named(widgets.IntProgress)


def view_data(widget):
    """{VIEW_MIME: {...}}: what a front end needs to show `widget` live (a model id)."""
    if hasattr(widget, "_repr_mimebundle_"):   # ipywidgets 8, and anywidget's own widgets
        bundle = widget._repr_mimebundle_()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        return {VIEW_MIME: data[VIEW_MIME]}
    return {VIEW_MIME: {"version_major": 2, "version_minor": 0, "model_id": widget.model_id}}
