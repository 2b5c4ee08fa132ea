"""Each lesson fits a class: a core path of bounded length, an honest stated time, no plumbing.

The conventions (README, "For maintainers"): the first markdown cell of notebooks 00-08 says
`**Time:** core path about N min; going further about M min (optional).` (or `about N min.`);
what goes beyond the core path follows a markdown cell headed `## Going further (optional)`;
the core path has at most 1,500 words of prose (collapsed answers not counted) and at most 15
code cells; 00's table states the same times. `pytest` prints the measured table at the end.
"""
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
LESSONS = sorted(p for p in NOTEBOOKS.glob("0[0-8]_*.ipynb"))
OPTIONAL_HEADING = "## Going further (optional)"
MAX_WORDS, MAX_CODE_CELLS, MAX_CELL_LINES = 1500, 15, 15
TIME = re.compile(r"\*\*Time:\*\* (?:core path )?about (\d+) min(?:; going further about (\d+) min \(optional\))?\.")
ANSWER = re.compile(r"<details>.*?</details>", re.S)
PLUMBING = re.compile(r"plt\.|\.subplots\(|\bfig\.|\.suptitle\(|\balt\s*=|\bax\d?\.(plot|set_|imshow|hist|legend)")


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


def is_colab_setup(cell):
    """The set-up cell that does something only in Colab (scripts/colab.py): not part of the lesson."""
    return "colab-setup" in cell.get("metadata", {}).get("tags", [])


def core_path(path):
    """The cells before the optional heading (all cells if there is none)."""
    result = []
    for cell in cells(path):
        if cell["cell_type"] == "markdown" and source(cell).lstrip().startswith(OPTIONAL_HEADING):
            break
        result.append(cell)
    return result


def shape(path):
    """(words of prose, code cells) on the core path, and the stated (core, optional) minutes."""
    core = core_path(path)
    words = sum(len(ANSWER.sub(" ", source(c)).split()) for c in core if c["cell_type"] == "markdown")
    code = sum(c["cell_type"] == "code" and not is_colab_setup(c) for c in core)
    first = next(source(c) for c in cells(path) if c["cell_type"] == "markdown")
    found = TIME.search(first)
    stated = (int(found[1]), int(found[2]) if found[2] else 0) if found else None
    return words, code, stated


def table():
    """The measured lines pytest prints at the end of the run."""
    rows = ["notebook                              words  code cells  stated time (core + optional)"]
    for path in LESSONS:
        words, code, stated = shape(path)
        time = f"{stated[0]} + {stated[1]} min" if stated else "not stated"
        rows.append(f"{path.stem:<37} {words:>5}  {code:>10}  {time}")
    return rows


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_core_path_fits_its_time(path):
    words, code, stated = shape(path)
    assert stated, f"{path.name}: the first markdown cell must state '**Time:** core path about N min; ...'"
    assert words <= MAX_WORDS, f"{path.name}: {words} words of prose on the core path (at most {MAX_WORDS})"
    assert code <= MAX_CODE_CELLS, f"{path.name}: {code} code cells on the core path (at most {MAX_CODE_CELLS})"
    assert sum(1 for c in cells(path) if c["cell_type"] == "markdown"
               and source(c).lstrip().startswith(OPTIONAL_HEADING)) <= 1, f"{path.name}: one optional section at most"


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_student_cells_show_the_idea_not_the_plumbing(path):
    for number, cell in enumerate(cells(path)):
        if cell["cell_type"] != "code":
            continue
        text = source(cell)
        lines = [l for l in text.splitlines() if l.strip() and not l.strip().startswith("#")]
        assert len(lines) <= MAX_CELL_LINES, f"{path.name} cell {number}: {len(lines)} lines of code"
        assert not re.search(r"^\s*#\s*NBVAL_", text, re.M), \
            f"{path.name} cell {number}: nbval markers go in cell tags (nbval-ignore-output), not comments"
        if path.name[:2] not in ("00", "08", "09"):
            plumbing = [l for l in lines if PLUMBING.search(l)]
            assert not plumbing, f"{path.name} cell {number} builds a figure in the student's cell: {plumbing[0].strip()}"


def test_start_here_states_each_notebooks_time():
    """00's table of notebooks gives each lesson the time its own first cell states."""
    start = "\n".join(source(c) for c in cells(NOTEBOOKS / "00_start_here.ipynb") if c["cell_type"] == "markdown")
    for path in LESSONS[1:]:
        _, _, stated = shape(path)
        row = next((l for l in start.splitlines() if l.startswith("|") and f"({path.name})" in l), None)
        assert row, f"00's table has no row linking {path.name}"
        expected = f"{stated[0]} min" + (f" + {stated[1]} optional" if stated[1] else "")
        assert row.rstrip(" |").endswith(expected), f"00's row for {path.name} should end with '{expected}': {row[-40:]}"


LESSON_CODE_PLUMBING = ("LivePlot", "ipywidgets", "Slider(", "interactive(", ".set_data")


@pytest.mark.parametrize("path", LESSONS[1:], ids=lambda p: p.stem)
def test_no_widget_wiring_in_a_lessons_cells(path):
    """A slider, a live figure or their wiring is built by the lesson's package, never in a cell."""
    for number, cell in enumerate(cells(path)):
        if cell["cell_type"] == "code" and not is_colab_setup(cell):
            wiring = [word for word in LESSON_CODE_PLUMBING if word in source(cell)]
            assert not wiring, f"{path.name} cell {number} wires a widget itself: {wiring}"


@pytest.mark.parametrize("path", LESSONS[1:], ids=lambda p: p.stem)
def test_every_placeholder_is_checked_and_in_03_04_followed_by_a_collapsed_answer(path):
    found = cells(path)
    for i, cell in enumerate(found):
        text = source(cell)
        if cell["cell_type"] == "code" and re.search(r"^\w+ = None\b", text, re.M):
            assert "check" in text, f"{path.name} cell {i}: a placeholder with no check: {text[:80]}"
            if path.name[:2] not in ("03", "04"):
                continue
            following = next(source(c) for c in found[i + 1:] if c["cell_type"] == "markdown")
            assert "<summary>" in following, f"{path.name} cell {i}: no collapsed answer after the check"


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.stem)
def test_answers_are_whole_details_blocks(path):
    for cell in cells(path):
        if cell["cell_type"] == "markdown":
            text = source(cell)
            assert text.count("<details>") == text.count("</details>"), text[:80]


def test_sgd_sliders_start_with_a_prediction_and_a_compared_print_follows():
    """01: each explorer comes after a **Predict** and is followed by a printed result nbval compares."""
    found = cells(NOTEBOOKS / "01_stochastic_gradient_descent.ipynb")
    sliders = [i for i, c in enumerate(found) if c["cell_type"] == "code" and "_explorer(" in source(c)]
    assert len(sliders) == 3
    for i in sliders:
        before = next(source(c) for c in reversed(found[:i]) if c["cell_type"] == "markdown")
        assert "**Predict**" in before
        assert "nbval-ignore-output" in found[i]["metadata"].get("tags", [])
        after = found[i + 1] if found[i + 1]["cell_type"] == "code" else found[i + 2]
        assert after["cell_type"] == "code" and "print(" in source(after) and not after["metadata"].get("tags")
