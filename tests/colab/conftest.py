"""The fixture of the Colab test: Colab's runtime with bpcore installed by the set-up cell (see colab_env)."""
import json

import pytest
from colab_env import COLAB_PYTHON, ROOT, build, find_python, freeze, run, setup_install, zip_of_tree


class ColabRuntime:
    def __init__(self, python, before, after, archive_url, what):
        self.python, self.before, self.after = python, before, after
        self.archive_url, self.what = archive_url, what

    @property
    def bin(self):
        return self.python.parent


@pytest.fixture(scope="session")
def colab_runtime(tmp_path_factory, report):
    python = build(find_python())
    run([python, "-m", "pip", "uninstall", "--quiet", "--yes", "bpcore"])   # from an earlier run
    before = freeze(python)
    first = json.loads((ROOT / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"))
    setup = next(c for c in first["cells"] if "colab-setup" in c["metadata"].get("tags", []))
    options, requirement, url = setup_install("".join(setup["source"]))
    archive, what = zip_of_tree(tmp_path_factory.mktemp("github"))
    # the cell's own command (%pip runs `python -m pip`), from the local zip instead of GitHub
    run([python, "-m", "pip", "install", *options, f"{requirement} @ {archive.as_uri()}"])
    after = freeze(python)
    versions = ", ".join(f"{n} {before[n]}" for n in ("numpy", "matplotlib", "ipywidgets", "anywidget", "notebook"))
    report(f"Colab runtime: Python {COLAB_PYTHON} ({python}), {versions}; bpcore from a zip of the {what}, "
           f"as the set-up cell installs it from {url}")
    return ColabRuntime(python, before, after, url, what)
