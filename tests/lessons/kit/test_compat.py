"""bpcore.lessons.kit.compat: the controls take `tooltip=` and give it back under ipywidgets 8 and 7
(the Colab test runs this file with ipywidgets 7.7.1), and a widget's view data is its model id."""
import ipywidgets as widgets
import pytest

from bpcore.lessons.kit.compat import IPYWIDGETS_MAJOR, VIEW_MIME, Dropdown, IntProgress, view_data
from bpcore.lessons.kit.widgets import check_named


@pytest.mark.parametrize("make", [
    lambda: Dropdown(options=["epochs", "updates"], value="epochs", description="clock", tooltip="x axis"),
    lambda: IntProgress(value=1, min=0, max=3, description="epochs done", tooltip="x axis"),
], ids=["Dropdown", "IntProgress"])
def test_controls_take_and_keep_the_tooltip(make):
    control = make()
    assert control.tooltip == "x axis"
    check_named("control", control)          # named, as the lessons require
    control.tooltip = "another name"
    assert control.tooltip == "another name"
    synced = "tooltip" if IPYWIDGETS_MAJOR >= 8 else "description_tooltip"
    assert control.get_state()[synced] == "another name"   # what the front end shows


def test_a_control_without_tooltip_is_refused():
    with pytest.raises(ValueError, match="tooltip"):
        check_named("clock", Dropdown(options=["a"], description="clock"))


def test_view_data_names_the_model():
    box = widgets.VBox([])
    data = view_data(box)
    assert list(data) == [VIEW_MIME] and data[VIEW_MIME]["model_id"] == box.model_id
    assert data[VIEW_MIME]["version_major"] == 2
