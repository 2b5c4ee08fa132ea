"""The Notebook 7 route: `python3 tasks.py notebook`, and the Binder and hub links that open
Notebook 7 (the README recommends it with a screen reader); the screen-reader command."""
import importlib.util
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from scripts import maintainer

ROOT = Path(__file__).resolve().parents[2]


def load_tasks():
    spec = importlib.util.spec_from_file_location("tasks_under_test", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("command, module, url", [
    ("lab", "jupyterlab", "--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb"),
    ("notebook", "notebook", "--JupyterNotebookApp.default_url=/notebooks/notebooks/00_start_here.ipynb"),
])
def test_lab_and_notebook_open_the_start_notebook(monkeypatch, command, module, url):
    tasks = load_tasks()
    ran = []
    monkeypatch.setattr(tasks, "run_child", lambda args, **kw: ran.append(args) or 0)
    with pytest.raises(SystemExit):
        tasks.COMMANDS[command](["--no-browser"])
    assert ran[0][:2] == ["-m", module] and url in ran[0] and ran[0][-1] == "--no-browser"
    assert url.split("/notebooks/", 1)[-1].endswith(tasks.START_NOTEBOOK.split("/", 1)[1])


def test_help_names_the_notebook_and_screenreader_commands():
    done = subprocess.run([sys.executable, str(ROOT / "tasks.py"), "help"], capture_output=True, text=True, check=True)
    assert "python3 tasks.py notebook " in done.stdout and "python3 tasks.py screenreader" in done.stdout
    assert callable(maintainer.screenreader)


def test_the_notebook7_links_open_the_start_notebook_in_notebook7():
    found = maintainer.links_for("owner", "repo", "main", "hub.example.edu")
    binder = urllib.parse.urlsplit(found["binder_notebook7"])
    assert binder.path == "/v2/gh/owner/repo/main"
    assert urllib.parse.parse_qs(binder.query) == {"urlpath": ["tree/notebooks/00_start_here.ipynb"]}
    hub = urllib.parse.parse_qs(urllib.parse.urlsplit(found["nbgitpuller_notebook7"]).query)
    lab = urllib.parse.parse_qs(urllib.parse.urlsplit(found["nbgitpuller"]).query)
    assert hub["urlpath"] == ["tree/repo/notebooks/00_start_here.ipynb"]
    assert {k: v for k, v in hub.items() if k != "urlpath"} == {k: v for k, v in lab.items() if k != "urlpath"}
