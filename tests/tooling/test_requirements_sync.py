"""The two requirement lists cannot drift apart: requirements.txt (what `python3 tasks.py`
installs) includes binder/requirements.txt (what Binder installs), every version is pinned
with ==, a package pinned twice is pinned for disjoint Python versions, pip takes wheels only,
and the packages that must move together are pinned in the Binder list. (Whether those wheels
exist for every supported Python and platform is `python3 tasks.py wheels`, which needs the
network; CI runs it.)"""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
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


# name==version, optionally for some Pythons only: `; python_version < "3.12"` (or >=).
PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)"
                 r"(?:\s*;\s*python_version\s*(<|>=)\s*[\"'](\d+)\.(\d+)[\"'])?")
PYTHONS = [(3, minor) for minor in range(11, 16)]  # as tasks.PYTHONS


def pins(path):
    """{canonical name: {python (3, minor): version}} for the package lines of a file; fails on
    any other form, and on a package pinned twice for the same Python."""
    found = {}
    for line in entries(path):
        if line.startswith(("-r ", "-e ", "--only-binary")):
            continue
        match = PIN.fullmatch(line)
        assert match, f"{path.relative_to(ROOT)}: {line!r} is not pinned as name==version[; python_version < or >= X.Y]"
        name, version, op = canonical(match[1]), match[2], match[3]
        bound = (int(match[4]), int(match[5])) if op else None
        applies = [py for py in PYTHONS if op is None or (py < bound if op == "<" else py >= bound)]
        assert applies, f"{path.relative_to(ROOT)}: {line!r} applies to no supported Python"
        for py in applies:
            assert py not in found.setdefault(name, {}), (
                f"{path.relative_to(ROOT)}: {match[1]} is pinned twice for Python {py[0]}.{py[1]}")
            found[name][py] = version
    return found


def test_top_level_requirements_include_the_binder_list():
    assert "-r binder/requirements.txt" in entries(TOP)


@pytest.mark.parametrize("path", [TOP, BINDER], ids=["requirements.txt", "binder/requirements.txt"])
def test_every_requirement_is_pinned_exactly(path):
    pins(path)


def test_binder_list_includes_nothing_else():
    # Binder installs binder/requirements.txt before the repository is copied in, so the list
    # may not refer to other files or to the repository itself (postBuild installs bpcore).
    others = [line for line in entries(BINDER) if line.startswith("-") and line != "--only-binary :all:"]
    assert not others, f"binder/requirements.txt may only list packages, found {others}"


def test_pip_takes_wheels_only():
    # A student's pip never compiles (no compiler on most laptops) and installs what the wheel
    # check resolved: without this, pip would pick a newer sdist over an older wheel.
    assert "--only-binary :all:" in entries(BINDER)


def test_every_pinned_package_covers_every_supported_python():
    tasks_pythons = re.search(r"^PYTHONS = \[(.*)\]", (ROOT / "tasks.py").read_text(), re.M)[1]
    assert [tuple(map(int, t)) for t in re.findall(r"\((\d+), (\d+)\)", tasks_pythons)] == PYTHONS
    gaps = {name: [f"3.{m}" for _, m in PYTHONS if (3, m) not in by_python]
            for name, by_python in pins(BINDER).items() if len(by_python) < len(PYTHONS)}
    assert not gaps, f"these pins leave Pythons without a version: {gaps}"


def test_the_browser_tools_are_not_in_the_students_install():
    # Playwright (165 MB) only serves the browser test, which installs it when it runs.
    installed = set(pins(TOP)) | set(pins(BINDER))
    browser = ROOT / "tests" / "browser" / "requirements.txt"
    assert "playwright" not in installed
    if browser.is_file():
        assert not installed & set(pins(browser)), "the browser test's tools are in the students' install"


def test_no_package_is_pinned_in_both_lists():
    both = set(pins(TOP)) & set(pins(BINDER))
    assert not both, f"pinned twice (keep them in binder/requirements.txt only): {sorted(both)}"


def test_coupled_widget_packages_are_pinned_in_the_binder_list():
    binder = pins(BINDER)
    missing = [name for name in COUPLED if canonical(name) not in binder]
    assert not missing, f"pin these in binder/requirements.txt: {missing}"


def test_the_core_depends_on_numpy_alone_and_the_lessons_on_an_extra():
    import tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert [re.match(r"[A-Za-z0-9_.-]+", d)[0] for d in project["dependencies"]] == ["numpy"]
    lessons = {canonical(re.match(r"[A-Za-z0-9_.-]+", d)[0]) for d in project["optional-dependencies"]["lessons"]}
    assert lessons == {"matplotlib", "ipywidgets", "pillow", "anywidget"}
    # the students' install has the lessons' libraries
    assert "-e .[lessons]" in entries(TOP)
