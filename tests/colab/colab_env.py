"""Google Colab's runtime, simulated as closely as a machine without Colab allows (`python3 tasks.py colab`).

Colab gives a notebook a Python 3.13 kernel with its own packages (tests/colab/colab-pip-freeze.txt,
Google's published list: numpy 2.1.3, matplotlib 3.10.0, ipykernel 6.17.1, IPython 7.34.0,
ipywidgets 7.7.1, anywidget 0.9.21, Notebook 6.5.7, widgetsnbextension 3.6.10, ...), and each
notebook's first cell installs bpcore from GitHub's zip of the repository (scripts/colab.py).
`conftest.colab_runtime` (a fixture) builds that: a virtual environment of this machine's Python 3.13 with
the packages the lessons and the classic Notebook use, at Colab's versions (the freeze as pip
constraints), cached between runs in ~/.cache/bpcore-colab/; then it runs the set-up cell's own
pip command, with a zip of the repository's tree (tests/exported_tree.py: the committed tree)
in place of GitHub's, and records what that changed.

Not simulated, by necessity: Colab's own front end (its widget manager and output frames), its
Ubuntu and patch release of Python (3.13.15), and the packages of its image that the lessons never
import. The environment variable COLAB_PYTHON names another Python 3.13 to use; COLAB_TREE=worktree
tries uncommitted changes.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from exported_tree import export_tree

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
FREEZE = HERE / "colab-pip-freeze.txt"
COLAB_PYTHON = "3.13"
# What the kernel and the classic Notebook import, at Colab's versions (pip resolves the rest from
# the same list), and nbval, the test's own tool (not in Colab).
PACKAGES = ["numpy", "matplotlib", "pillow", "ipython", "ipykernel", "ipywidgets", "widgetsnbextension",
            "jupyterlab_widgets", "anywidget", "psygnal", "traitlets", "jupyter_client", "jupyter_core",
            "pyzmq", "tornado", "notebook", "nbformat", "nbconvert", "pytest", "setuptools"]
TOOLS = ["nbval==0.11.0"]
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "bpcore-colab"


def find_python():
    """A Python 3.13: COLAB_PYTHON, python3.13 on PATH, or pyenv's; else the test fails saying so."""
    candidates = [os.environ.get("COLAB_PYTHON"), shutil.which("python" + COLAB_PYTHON)]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += sorted(str(p / "bin" / "python3") for p in pyenv.glob(COLAB_PYTHON + ".*"))
    for candidate in filter(None, candidates):
        done = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                              capture_output=True, text=True)
        if done.returncode == 0 and done.stdout.strip() == COLAB_PYTHON:
            return candidate
    pytest.fail(f"The Colab test needs Python {COLAB_PYTHON} (Colab's), and found none: install it (python.org, "
                f"pyenv install {COLAB_PYTHON}, or uv python install {COLAB_PYTHON}) or name it in COLAB_PYTHON.")


def clean_env(**extra):
    """This machine's environment without its virtualenv, Jupyter, pytest or Python settings."""
    drop = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "MPLBACKEND", "IPYTHONDIR")
    env = {k: v for k, v in os.environ.items()
           if k not in drop and not k.startswith(("JUPYTER", "JPY_", "PYTEST_", "CONDA"))}
    env.update(OPENBLAS_NUM_THREADS="1", PIP_DISABLE_PIP_VERSION_CHECK="1", **extra)
    return env


def run(cmd, timeout=1800, **kwargs):
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=timeout,
                          env=kwargs.pop("env", clean_env()), **kwargs)
    if done.returncode:
        pytest.fail(f"{' '.join(map(str, cmd))} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def freeze(python):
    """{name: version} of the environment (pip's normalised names)."""
    lines = run([python, "-m", "pip", "list", "--format=freeze"]).stdout.split()
    return dict(line.lower().replace("_", "-").split("==", 1) for line in lines if "==" in line)


def colab_versions():
    """{name: version} of Colab's list (pip's normalised names)."""
    lines = [l for l in FREEZE.read_text().splitlines() if "==" in l and not l.startswith("#")]
    return dict(l.lower().replace("_", "-").split("==", 1) for l in lines)


def build(python):
    """The cached environment with Colab's packages; rebuilt when the freeze or PACKAGES change,
    or when a package in it is no longer at Colab's version (an earlier run's install changed it)."""
    key = hashlib.sha256((FREEZE.read_text() + repr(PACKAGES + TOOLS) + python).encode()).hexdigest()[:16]
    venv = CACHE / f"venv-{key}"
    bin_python = venv / "bin" / "python"
    if (venv / ".complete").exists():
        pins = colab_versions()
        if any(pins.get(name, version) != version for name, version in freeze(bin_python).items()):
            (venv / ".complete").unlink()
    if not (venv / ".complete").exists():
        shutil.rmtree(venv, ignore_errors=True)
        venv.parent.mkdir(parents=True, exist_ok=True)
        run([python, "-m", "venv", venv])
        run([bin_python, "-m", "pip", "install", "--quiet", "-c", FREEZE, "pip"])   # Colab's pip, which %pip runs
        run([bin_python, "-m", "pip", "install", "--quiet", "-c", FREEZE, *PACKAGES, *TOOLS])
        (venv / ".complete").write_text("built\n")
    return bin_python


def setup_install(nb_source):
    """(options, requirement, URL) of the set-up cell's %pip install line."""
    sys.path.insert(0, str(ROOT))
    from scripts import colab
    match = colab.INSTALL.search(nb_source)
    assert match, f"no `%pip install \"bpcore[lessons] @ URL\"` line in the set-up cell:\n{nb_source}"
    return match["options"].split(), match["requirement"], match["url"]


def zip_of_tree(tmp):
    """GitHub's archive of a branch, made here: the tree in one folder REPO-BRANCH/ of a zip."""
    tree = tmp / "tree"
    tree.mkdir()
    what = export_tree(tree, "COLAB_TREE")
    archive = tmp / "bpcore-main.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(tree.rglob("*")):
            if path.is_file():
                z.write(path, Path("bpcore-main") / path.relative_to(tree))
    return archive, what


def changed_packages(before, after):
    """Packages the install added, removed or changed: {name: (before, after)}."""
    names = set(before) | set(after)
    return {n: (before.get(n), after.get(n)) for n in sorted(names) if before.get(n) != after.get(n)}
