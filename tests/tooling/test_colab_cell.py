"""Each notebook's Colab set-up cell (scripts/colab.py): one per notebook, before any other code,
the same in every notebook, naming one GitHub archive, with no stored output; outside Colab it
does nothing (its `if` is false, so `%pip` never runs), and in Colab IPython turns its indented
`%pip` into a call of the pip magic."""
import json
import sys
from pathlib import Path

import pytest
from IPython.core.inputtransformer2 import TransformerManager

from scripts import colab

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_notebook_starts_its_code_with_the_setup_cell(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    setup = [c for c in code if colab.TAG in c["metadata"].get("tags", [])]
    assert len(setup) == 1 and setup[0] is code[0], f"{path.name}: the set-up cell must be the first code cell"
    assert setup[0]["outputs"] == [], f"{path.name}: outside Colab the set-up cell prints nothing"
    assert setup[0]["metadata"]["transient"] == {"remove_source": True}, f"{path.name}: exported copies show it"
    assert setup[0]["metadata"]["jupyter"] == {"source_hidden": True}, f"{path.name}: its source is not collapsed"
    assert setup[0]["metadata"]["cellView"] == "form" and setup[0]["source"][0].startswith("#@title "), \
        f"{path.name}: Colab shows its code, not a titled form"
    named = colab.named_repository(nb)
    assert named is not None, f"{path.name}: the set-up cell installs from no GitHub archive"
    assert "".join(setup[0]["source"]) == colab.cell_source(*named), \
        f"{path.name}: the set-up cell differs from scripts/colab.py's; run python3 tasks.py links"


def test_every_notebook_names_the_same_repository():
    named = {colab.named_repository(json.loads(p.read_text(encoding="utf-8"))) for p in NOTEBOOKS}
    assert len(named) == 1, f"the notebooks' set-up cells name different repositories: {sorted(named)}"


def test_the_cell_does_nothing_outside_colab(capsys):
    """Run as IPython would run it, with a `get_ipython` whose magics fail the test if called."""
    assert "google.colab" not in sys.modules

    class NoMagic:
        def run_line_magic(self, *args):
            raise AssertionError(f"the set-up cell ran %{args[0]} outside Colab")

    python = TransformerManager().transform_cell(colab.cell_source(*colab.PLACEHOLDER))
    exec(compile(python, "<colab-setup>", "exec"), {"get_ipython": NoMagic})
    assert capsys.readouterr() == ("", "")


def test_in_colab_the_cell_installs_then_enables_custom_widgets(monkeypatch):
    """With google.colab imported (as in Colab's kernel): the pip magic with the archive, then
    Colab's custom widget manager (which anywidget's sliders need there)."""
    import types
    calls = []

    class Magic:
        def run_line_magic(self, name, line):
            calls.append((name, line))

    output = types.ModuleType("google.colab.output")
    output.enable_custom_widget_manager = lambda: calls.append(("enable_custom_widget_manager",))
    google = types.ModuleType("google")
    google.colab = types.ModuleType("google.colab")
    google.colab.output = output
    for name, module in (("google", google), ("google.colab", google.colab), ("google.colab.output", output)):
        monkeypatch.setitem(sys.modules, name, module)
    source = colab.cell_source("example-org", "bp-course", "course/2027")
    exec(compile(TransformerManager().transform_cell(source), "<colab-setup>", "exec"), {"get_ipython": Magic})
    archive = "https://github.com/example-org/bp-course/archive/refs/heads/course/2027.zip"
    assert calls == [("pip", f'install --quiet "bpcore[lessons] @ {archive}"'), ("enable_custom_widget_manager",)]


def test_set_cells_adds_a_missing_cell_and_rewrites_nothing_else(tmp_path):
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# Title"]},
                    {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
                     "source": ["import bpcore"]}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path = tmp_path / "lesson.ipynb"
    colab.write(path, nb)
    assert colab.set_cells("o", "r", "main", [path]) == [path]
    cells = colab.read(path)["cells"]
    assert [c["cell_type"] for c in cells] == ["markdown", "code", "code"]
    assert colab.TAG in cells[1]["metadata"]["tags"] and cells[2]["source"] == ["import bpcore"]
    before = path.read_bytes()
    assert colab.set_cells("o", "r", "main", [path]) == [] and path.read_bytes() == before
