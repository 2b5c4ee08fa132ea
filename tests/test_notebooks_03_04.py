"""Notebooks 03 and 04 follow the lesson conventions: a stated time, the core path within 1,500
words of prose (answers in <details> not counted) and 15 code cells, the rest after
"## Going further (optional)", short code cells without plumbing, nbval markers as tags."""
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TIME = re.compile(r"^\*\*Time:\*\* core path about \d+ min; going further about \d+ min \(optional\)\.$", re.M)


def cells(name):
    return json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]


def core_path(name):
    found = cells(name)
    heading = next(i for i, c in enumerate(found) if c["cell_type"] == "markdown"
                   and "".join(c["source"]).splitlines()[0] == "## Going further (optional)")
    return found[:heading], found[heading:]


@pytest.mark.parametrize("name", ["03_backprop_equations.ipynb", "04_backprop_algorithm.ipynb"])
def test_lesson_conventions(name):
    first = "".join(cells(name)[0]["source"])
    assert len(TIME.findall(first)) == 1
    core, further = core_path(name)
    prose = " ".join(re.sub(r"<details>.*?</details>", "", "".join(c["source"]), flags=re.S)
                     for c in core if c["cell_type"] == "markdown")
    assert len(prose.split()) <= 1500
    assert sum(c["cell_type"] == "code" for c in core) <= 15
    for c in core + further:
        if c["cell_type"] != "code":
            continue
        source = "".join(c["source"])
        assert len(source.splitlines()) <= 15, source[:80]
        assert "NBVAL" not in source and "alt=" not in source and "plt." not in source, source[:80]


@pytest.mark.parametrize("name", ["03_backprop_equations.ipynb", "04_backprop_algorithm.ipynb"])
def test_every_placeholder_is_followed_by_a_check_and_an_answer(name):
    found = cells(name)
    for i, c in enumerate(found):
        source = "".join(c["source"])
        if c["cell_type"] == "code" and re.search(r"^\w+ = None\b|return None", source, re.M):
            assert "check" in source, source[:80]
            assert "<summary>Answer</summary>" in "".join(found[i + 1]["source"]), source[:80]
