"""bpcore.lessons.kit.compat: a widget's view data is its model id, under ipywidgets 8 and 7 (the
Colab test runs this file with ipywidgets 7.7.1)."""
import ipywidgets as widgets

from bpcore.lessons.kit.compat import VIEW_MIME, view_data


def test_view_data_names_the_model():
    box = widgets.VBox([])
    data = view_data(box)
    assert list(data) == [VIEW_MIME] and data[VIEW_MIME]["model_id"] == box.model_id
    assert data[VIEW_MIME]["version_major"] == 2
