"""The lessons' layout, as the README's Layout section draws it: the core imports no lesson code; the
kit imports only the core; `lecture` imports the kit and the core; each notebook's package imports
the kit, `lecture`, the core and itself, never another notebook's package; and every notebook
imports only from its own package, the kit and `lecture`."""
import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "bpcore"
LESSONS = CORE / "lessons"
SHARED = ("kit", "lecture")
PACKAGES = sorted(p.name for p in LESSONS.iterdir() if (p / "__init__.py").is_file() and p.name not in SHARED)
NOTEBOOK_PACKAGE = {
    "01": "stochastic_gradient_descent", "02": "matrices", "03": "backprop_equations",
    "04": "backprop_algorithm", "05": "worked_example", "06": "saturation", "07": "training_dashboard",
    "08": "summary",
}


def imported_modules(path, package):
    """Every module `path` imports, as an absolute dotted name (relative imports resolved)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


def lesson_parts(modules):
    """The parts of bpcore.lessons (kit, lecture or a notebook's package) that `modules` name."""
    return {m.split(".")[2] for m in modules if m.startswith("bpcore.lessons.") and len(m.split(".")) > 2}


def modules_of(folder):
    return sorted(folder.glob("*.py"))


def test_every_notebook_has_its_package_and_nothing_else_lies_loose():
    assert sorted(NOTEBOOK_PACKAGE.values()) == PACKAGES
    assert [p.name for p in modules_of(LESSONS)] == ["__init__.py"]


@pytest.mark.parametrize("path", modules_of(CORE), ids=lambda p: p.name)
def test_the_core_imports_no_lesson_code(path):
    assert not any(m.startswith("bpcore.lessons") for m in imported_modules(path, "bpcore"))


@pytest.mark.parametrize("part", [*SHARED, *PACKAGES])
def test_no_arrow_from_one_lesson_package_to_another(part):
    allowed = {"kit": {"kit"}, "lecture": {"kit", "lecture"}}.get(part, {"kit", "lecture", part})
    for path in modules_of(LESSONS / part):
        used = lesson_parts(imported_modules(path, f"bpcore.lessons.{part}"))
        assert used <= allowed, f"{path.relative_to(ROOT)} imports {sorted(used - allowed)}"


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_a_notebook_imports_from_its_own_package_the_kit_and_the_lecture(path):
    own = NOTEBOOK_PACKAGE.get(path.name[:2])
    allowed = {*SHARED, own} - {None}
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    used = set(re.findall(r"\bbpcore\.lessons\.(\w+)", code))
    used |= {name.strip() for line in re.findall(r"from bpcore\.lessons import ([\w, ]+)", code)
             for name in line.split(",")}
    assert used <= allowed, f"{path.name} imports from {sorted(used - allowed)}"
