"""The two requirement lists cannot drift apart: requirements.txt (what `python3 tasks.py`
installs) includes binder/requirements.txt (what Binder installs), every version is pinned
with ==, and the packages that must move together are pinned in the Binder list."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOP = ROOT / "requirements.txt"
BINDER = ROOT / "binder" / "requirements.txt"

# ipywidgets' Python side, its JupyterLab extension, its classic-notebook extension, and the
# JupyterLab that loads the extension: a mismatch shows "Error displaying widget" in class.
COUPLED = ["ipywidgets", "jupyterlab_widgets", "widgetsnbextension", "jupyterlab"]


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def entries(path):
    """The requirement lines of a file, without comments and blank lines."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"(^|\s)#.*$", "", raw).strip()
        if line:
            lines.append(line)
    return lines


def pins(path):
    """{canonical name: version} for the package lines of a file; fails on any other form."""
    found = {}
    for line in entries(path):
        if line.startswith(("-r ", "-e ")):
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)", line)
        assert match, f"{path.relative_to(ROOT)}: {line!r} is not pinned as name==version"
        name = canonical(match[1])
        assert name not in found, f"{path.relative_to(ROOT)}: {match[1]} is listed twice"
        found[name] = match[2]
    return found


def test_top_level_requirements_include_the_binder_list():
    assert "-r binder/requirements.txt" in entries(TOP)


@pytest.mark.parametrize("path", [TOP, BINDER], ids=["requirements.txt", "binder/requirements.txt"])
def test_every_requirement_is_pinned_exactly(path):
    pins(path)


def test_binder_list_includes_nothing_else():
    # Binder installs binder/requirements.txt before the repository is copied in, so the list
    # may not refer to other files or to the repository itself (postBuild installs bpcore).
    others = [line for line in entries(BINDER) if line.startswith("-")]
    assert not others, f"binder/requirements.txt may only list packages, found {others}"


def test_no_package_is_pinned_in_both_lists():
    both = set(pins(TOP)) & set(pins(BINDER))
    assert not both, f"pinned twice (keep them in binder/requirements.txt only): {sorted(both)}"


def test_coupled_widget_packages_are_pinned_in_the_binder_list():
    binder = pins(BINDER)
    missing = [name for name in COUPLED if canonical(name) not in binder]
    assert not missing, f"pin these in binder/requirements.txt: {missing}"
