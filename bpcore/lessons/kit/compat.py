"""The one difference between ipywidgets 8 (JupyterLab, Notebook 7, Binder, a hub) and ipywidgets
7.7 (Google Colab, which pins 7.7.1) that the lessons meet: how a widget's view is had.

`view_data(widget)` is the widget's view (the ``application/vnd.jupyter.widget-view+json``
entry of its display bundle), which ipywidgets 8 gives with `_repr_mimebundle_` and 7 only
displays (`_ipython_display_`). Every control the lessons show is an anywidget
(`controls`, `live_controls`), the same under 7 and 8, so no control needs a layer of its own
here; `IPYWIDGETS_MAJOR` says which ipywidgets runs, for the few places that differ (a live
figure's image carries no tooltip under 7).
"""
import ipywidgets as widgets

IPYWIDGETS_MAJOR = int(widgets.__version__.split(".", 1)[0])
VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def view_data(widget):
    """{VIEW_MIME: {...}}: what a front end needs to show `widget` live (a model id)."""
    if hasattr(widget, "_repr_mimebundle_"):   # ipywidgets 8, and anywidget's own widgets
        bundle = widget._repr_mimebundle_()
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        return {VIEW_MIME: data[VIEW_MIME]}
    return {VIEW_MIME: {"version_major": 2, "version_minor": 0, "model_id": widget.model_id}}
