"""Notebook 01 keeps the lesson conventions: a stated time, a core path within 1,500 words of
prose and 15 code cells before `## Going further (optional)`, every self-check before its reveal,
nbval markers as tags, and no figure construction or widget wiring in its cells."""
import json
import re
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "01_stochastic_gradient_descent.ipynb"
PLUMBING = ("plt.", "subplots", "LivePlot", "ipywidgets", "Slider(", "interactive(", "alt=", ".set_data", "ax.")


def cells():
    return [(c["cell_type"], "".join(c["source"]), c.get("metadata", {}).get("tags", []))
            for c in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]]


def core_and_optional():
    all_cells = cells()
    split = next(i for i, (kind, text, _) in enumerate(all_cells)
                 if kind == "markdown" and text.splitlines()[0] == "## Going further (optional)")
    return all_cells[:split], all_cells[split:]


def test_time_line_and_core_path_size():
    first = cells()[0][1]
    assert re.search(r"^\*\*Time:\*\* core path about \d+ min; going further about \d+ min \(optional\)\.$",
                     first, re.M), first
    core, _ = core_and_optional()
    words = sum(len(re.sub(r"<details>.*?</details>", "", text, flags=re.S).split())
                for kind, text, _ in core if kind == "markdown")
    code = sum(kind == "code" for kind, _, _ in core)
    assert words <= 1500 and code <= 15, (words, code)


def test_checks_come_before_reveals_and_sliders_start_with_a_prediction():
    all_cells = cells()
    checks = [i for i, (kind, text, _) in enumerate(all_cells) if kind == "code" and "sgd_checks.check_" in text]
    assert len(checks) >= 6
    for i in checks:                         # the student's answer starts as None
        assert re.search(r"^\w+ = None\b", all_cells[i][1], re.M)
    sliders = [i for i, (kind, text, _) in enumerate(all_cells) if kind == "code" and "_explorer(" in text]
    assert len(sliders) == 3
    for i in sliders:
        before = next(text for kind, text, _ in reversed(all_cells[:i]) if kind == "markdown")
        assert "**Predict**" in before
        assert "nbval-ignore-output" in all_cells[i][2]
        after_kind, after_text, after_tags = all_cells[i + 1] if all_cells[i + 1][0] == "code" else all_cells[i + 2]
        assert after_kind == "code" and "print(" in after_text and not after_tags   # compared by nbval


def test_no_plumbing_or_comment_markers_in_code_cells():
    for kind, text, tags in cells():
        if kind != "code" or "colab-setup" in tags:   # the Colab set-up cell: tests/test_colab_cell.py
            continue
        assert "NBVAL" not in text
        assert len(text.splitlines()) <= 15, text
        assert not [word for word in PLUMBING if word in text], text


def test_answers_are_collapsible_and_links_to_later_notebooks_are_links():
    for kind, text, _ in cells():
        if kind == "markdown":
            assert text.count("<details>") == text.count("</details>")
            for name in ("BP4", "Insight 1"):
                if name in text:
                    assert re.search(r"\]\(0[34]_\w+\.ipynb#", text), text
