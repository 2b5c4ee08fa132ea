"""bpcore.lessons.kit.saved_figures: the server's save hook stores each live figure as last drawn."""
import base64
import copy
import importlib.util
import json
import logging
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bpcore.lessons.kit import saved_figures
from bpcore.lessons.kit.figures import FigureImage, encode_png

ROOT = Path(__file__).resolve().parents[3]
VIEW = saved_figures.WIDGET_VIEW
STATE = saved_figures.WIDGET_STATE


def png_of(width, height, level):
    """A small opaque PNG, its pixels all `level` (distinct images are distinct bytes)."""
    return encode_png(np.full((height, width, 4), [level, level, level, 255], np.uint8))


def model(name, state, buffers=None):
    entry = {"model_name": name, "model_module": "@jupyter-widgets/controls",
             "model_module_version": "2.0.0", "state": state}
    if buffers is not None:
        entry["buffers"] = buffers
    return entry


def image_model(png, tooltip):
    return model("ImageModel", {"format": "png", "tooltip": tooltip, "layout": "IPY_MODEL_layout"},
                 [{"path": ["value"], "encoding": "base64", "data": base64.b64encode(png).decode()}])


def live_notebook(last_png, last_alt):
    """A notebook as JupyterLab saves it after a slider moved: one live figure (a VBox of a box
    of controls and an image; its output stores the figure as first drawn), a printed output
    and a markdown cell; `metadata.widgets` holds the state with the image as last drawn."""
    first = FigureImage(png_of(40, 20, 10), "as first drawn, z = 0")
    data, meta = first.mimebundle()
    data[VIEW] = {"model_id": "box", "version_major": 2, "version_minor": 0}
    state = {
        "box": model("VBoxModel", {"children": ["IPY_MODEL_controls", "IPY_MODEL_image"],
                                   "layout": "IPY_MODEL_layout"}),
        "controls": model("VBoxModel", {"children": ["IPY_MODEL_slider"]}),
        "slider": model("FloatSliderModel", {"value": 2.0, "description": "z"}),
        "image": image_model(last_png, last_alt),
        "layout": {"model_name": "LayoutModel", "model_module": "@jupyter-widgets/base",
                   "state": {"width": "20px"}},
    }
    return {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3"},
                     "widgets": {STATE: {"version_major": 2, "version_minor": 0, "state": state}}},
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# A lesson"},
            {"cell_type": "code", "metadata": {"tags": ["mine"]}, "source": "live_figure()",
             "execution_count": 1, "outputs": [
                 {"output_type": "stream", "name": "stdout", "text": "the student's print\n"},
                 {"output_type": "display_data", "data": data, "metadata": meta}]},
        ],
    }


def saved(content):
    """What the hook leaves in a contents model holding `content`."""
    contents = {"type": "notebook", "format": "json", "content": content}
    saved_figures.pre_save_hook(model=contents, path="notebooks/x.ipynb", contents_manager=None)
    return contents["content"]


def test_the_stored_figure_is_the_last_drawn_with_its_alt_text():
    last = png_of(64, 30, 200)
    result = saved(live_notebook(last, "as last drawn, z = 2 & more"))
    output = result["cells"][1]["outputs"][1]
    assert VIEW not in output["data"] and "widgets" not in result["metadata"]
    assert base64.b64decode(output["data"]["image/png"]) == last
    assert output["data"]["text/plain"] == "as last drawn, z = 2 & more"
    # the same <img> as FigureImage writes for a figure drawn that way
    assert output["data"]["text/html"] == FigureImage(last, "as last drawn, z = 2 & more").html()
    assert output["metadata"]["image/png"] == {"width": 32, "height": 15}


def test_nothing_the_student_wrote_changes():
    notebook = live_notebook(png_of(64, 30, 200), "last")
    result = saved(copy.deepcopy(notebook))
    assert result["metadata"] == {"kernelspec": {"name": "python3"}}
    for before, after in zip(notebook["cells"], result["cells"]):
        assert {k: v for k, v in after.items() if k != "outputs"} == {
            k: v for k, v in before.items() if k != "outputs"}
    assert result["cells"][1]["outputs"][0] == notebook["cells"][1]["outputs"][0]


def test_a_notebook_without_widget_state_is_saved_as_it_is():
    notebook = live_notebook(png_of(8, 8, 1), "x")
    del notebook["metadata"]["widgets"]
    expected = copy.deepcopy(notebook)
    assert saved(notebook) == expected
    text_file = {"type": "file", "format": "text", "content": "print(1)"}
    saved_figures.pre_save_hook(model=text_file, path="a.py")
    assert text_file["content"] == "print(1)"


@pytest.mark.parametrize("break_it", [
    lambda nb: nb["metadata"].update(widgets={"something else": {}}),
    lambda nb: nb["metadata"]["widgets"][STATE].update(state=["not", "a", "mapping"]),
    lambda nb: nb["metadata"]["widgets"][STATE]["state"]["image"]["buffers"][0].update(data="%%not base64"),
    lambda nb: nb["metadata"]["widgets"][STATE]["state"]["box"].update(state="no mapping"),
    lambda nb: nb["metadata"]["widgets"][STATE]["state"].update(
        image=image_model(b"\x89PNG\r\n\x1a\n" + b"short", "cut off")),
])
def test_a_malformed_state_leaves_the_notebook_as_it_was_and_is_logged(break_it, caplog):
    notebook = live_notebook(png_of(8, 8, 1), "x")
    break_it(notebook)
    expected = copy.deepcopy(notebook)
    with caplog.at_level(logging.WARNING, logger="bpcore.lessons.kit.saved_figures"):
        assert saved(notebook) == expected
    assert "notebooks/x.ipynb left as JupyterLab sent it" in caplog.text


def test_a_view_whose_model_is_gone_keeps_its_fallback_and_a_bare_control_goes():
    notebook = live_notebook(png_of(8, 8, 1), "x")
    first = copy.deepcopy(notebook["cells"][1]["outputs"][1])
    del notebook["metadata"]["widgets"][STATE]["state"]["box"]   # closed before the save
    slider_only = {"output_type": "display_data", "metadata": {},
                   "data": {VIEW: {"model_id": "slider"}, "text/plain": "FloatSlider(value=2.0)"}}
    notebook["cells"][1]["outputs"].append(slider_only)
    outputs = saved(notebook)["cells"][1]["outputs"]
    assert len(outputs) == 2
    del first["data"][VIEW]
    assert outputs[1] == first


def test_the_first_image_is_the_one_after_the_controls():
    """A dashboard's view holds several images; its stored figure is the first (the curves)."""
    notebook = live_notebook(png_of(8, 8, 1), "curves")
    state = notebook["metadata"]["widgets"][STATE]["state"]
    state["box"]["state"]["children"].append("IPY_MODEL_second")
    state["second"] = image_model(png_of(8, 8, 99), "digits")
    assert saved(notebook)["cells"][1]["outputs"][1]["data"]["text/plain"] == "curves"


def test_the_server_config_loads_the_hook_without_numpy(tmp_path):
    written = saved_figures.install(str(tmp_path))
    assert written == str(tmp_path / "etc" / "jupyter" / "jupyter_server_config.py")
    assert saved_figures.install(str(tmp_path)) is None   # already there: not written again
    script = ("import sys\nclass C:\n    class ContentsManager: pass\nc = C()\n"
              f"exec(open({written!r}).read())\n"
              "print(c.ContentsManager.pre_save_hook.__module__, 'numpy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["bpcore_saved_figures", "False"]


def test_someone_elses_server_config_is_left_alone(tmp_path):
    target = tmp_path / "etc" / "jupyter" / "jupyter_server_config.py"
    target.parent.mkdir(parents=True)
    target.write_text("c.ServerApp.port = 9999\n")
    said = []
    assert saved_figures.install(str(tmp_path), said.append) is None
    assert target.read_text() == "c.ServerApp.port = 9999\n"
    assert "was not written by bpcore" in said[0]


def test_lab_settings_installs_both_on_a_python_without_bpcore(tmp_path):
    spec = importlib.util.spec_from_file_location("lab_settings", ROOT / "scripts" / "lab_settings.py")
    lab_settings = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lab_settings)
    written = lab_settings.install_all(tmp_path, say=print)
    assert [Path(p).name for p in written] == ["overrides.json", "jupyter_server_config.py"]
    assert json.loads(Path(written[0]).read_text()) == json.loads(
        (ROOT / "binder" / "overrides.json").read_text())
