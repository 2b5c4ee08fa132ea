"""Google Colab: the notebooks' set-up cell, and the "Open in Colab" links (`python3 tasks.py links`).

Colab opens a notebook straight from GitHub (colab.research.google.com/github/OWNER/REPO/blob/
BRANCH/PATH) in its own runtime, which has numpy, matplotlib, ipywidgets 7.7 and anywidget but
not bpcore, and cannot tell the notebook where it came from. So each notebook's first code cell
(tagged `colab-setup`) names the repository: in Colab it installs bpcore from that repository's
GitHub archive (pip keeps every package Colab already has, since Colab's versions satisfy
bpcore's requirements) and turns on Colab's support for custom widgets (the sliders); anywhere
else `google.colab` is not imported, and the cell does nothing and prints nothing.

`set_cells(owner, repo, branch)` points every notebook's cell at a repository; `tasks.py links`
calls it for the GitHub remote it links, so the cells and the links always agree. It edits the
cell's source only (never an output), writing the notebook as nbformat does.

Standard library only (tasks.py runs it without .venv).
"""
import json
import re
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TAG = "colab-setup"
METADATA = {"cellView": "form", "jupyter": {"source_hidden": True}, "transient": {"remove_source": True}}
"""The cell's source starts collapsed, so a student's first code is the lesson's: JupyterLab and
Notebook 7 show a collapsed input (`jupyter.source_hidden`, a click opens it), Colab shows the
cell as a form with its title (`cellView`, the `#@title` line). nbconvert leaves the cell out of
an exported or printed copy (Download as HTML): it has no output, and its source says nothing
outside Colab."""
PLACEHOLDER = ("OWNER", "REPO", "main")
"""What the cells name until `tasks.py links` has seen the GitHub remote."""

CELL = """\
#@title Set-up for Google Colab (elsewhere this cell does nothing)
# Only in Google Colab: install bpcore, the lessons' package,
# keeping Colab's own numpy, matplotlib and ipywidgets, and let Colab show the sliders.
import sys
if "google.colab" in sys.modules:
    %pip install --quiet "bpcore[lessons] @ {archive}"
    from google.colab import output
    output.enable_custom_widget_manager()"""

INSTALL = re.compile(r'^\s*%pip install (?P<options>.*?)"(?P<requirement>bpcore\[lessons\]) @ (?P<url>[^"]+)"\s*$',
                     re.MULTILINE)
ARCHIVE = re.compile(r"^https://github\.com/(?P<owner>[^/]+)/(?P<repo>[^/]+)/archive/refs/heads/(?P<branch>.+)\.zip$")


def archive_url(owner, repo, branch):
    """GitHub's zip of the branch's newest commit: no git needed, one download."""
    return "https://github.com/%s/%s/archive/refs/heads/%s.zip" % (owner, repo, urllib.parse.quote(branch, safe="/"))


def cell_source(owner, repo, branch):
    return CELL.format(archive=archive_url(owner, repo, branch))


def colab_url(owner, repo, branch, path):
    """The "Open in Colab" address of the notebook at `path` (relative to the repository)."""
    return "https://colab.research.google.com/github/%s/%s/blob/%s/%s" % (
        owner, repo, urllib.parse.quote(branch, safe="/"), urllib.parse.quote(Path(path).as_posix(), safe="/"))


def badge(url):
    return "[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](%s)" % url


def notebooks():
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def read(path):
    return json.loads(path.read_text(encoding="utf-8"))


def write(path, nb):
    """As nbformat writes it (one-space indent, sorted keys, UTF-8, final newline): a rewrite that
    changes nothing leaves the file byte for byte."""
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def setup_cell(nb):
    """The notebook's colab-setup cell, or None."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and TAG in cell.get("metadata", {}).get("tags", []):
            return cell
    return None


def named_repository(nb):
    """(owner, repo, branch) that the notebook's set-up cell installs from, or None."""
    cell = setup_cell(nb)
    match = cell and INSTALL.search("".join(cell["source"]))
    archive = match and ARCHIVE.match(match["url"])
    if not archive:
        return None
    return archive["owner"], archive["repo"], urllib.parse.unquote(archive["branch"])


def set_cells(owner, repo, branch, paths=None):
    """Give every notebook (before its first code cell) a set-up cell for this repository, or
    point its cell there. Returns the notebooks that changed."""
    source = cell_source(owner, repo, branch)
    changed = []
    for path in paths or notebooks():
        nb = read(path)
        cell = setup_cell(nb)
        if cell is None:
            cell = {"cell_type": "code", "execution_count": None, "metadata": {"tags": [TAG]},
                    "outputs": [], "source": ""}
            if nb.get("nbformat", 4) == 4 and nb.get("nbformat_minor", 0) >= 5:   # cells have ids
                cell["id"] = TAG
            first_code = next((i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"), len(nb["cells"]))
            nb["cells"].insert(first_code, cell)
        lines = source.splitlines(keepends=True)
        metadata = {**cell["metadata"], **METADATA, "tags": sorted({*cell["metadata"].get("tags", []), TAG})}
        if cell["source"] != lines or cell["metadata"] != metadata:
            cell["source"], cell["metadata"] = lines, metadata
            write(path, nb)
            changed.append(path)
    return changed


def links_text(owner, repo, branch):
    """What `tasks.py links` prints for Colab: one link a notebook, and a badge."""
    paths = [path.relative_to(ROOT) for path in notebooks()]
    lines = ["Open in Colab (Google's runtime; each notebook's first cell installs bpcore there):"]
    lines += ["  %-44s %s" % (path.name, colab_url(owner, repo, branch, path)) for path in paths]
    start = next((p for p in paths if p.name.startswith("00_")), paths[0])
    lines += ["", "Colab badge for %s, for the README or a course page (Markdown):" % start.name,
              badge(colab_url(owner, repo, branch, start))]
    return "\n".join(lines)
