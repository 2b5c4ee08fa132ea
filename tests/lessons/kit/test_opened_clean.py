"""bpcore.lessons.kit.opened_clean: a notebook is served with language_info.version as its kernel
will report it, so JupyterLab's write of the kernel's language_info changes nothing."""
import asyncio
import json
import subprocess
import sys

import pytest

from bpcore.lessons.kit import opened_clean, saved_figures

pytest.importorskip("jupyter_server")
from jupyter_server.services.contents.filemanager import FileContentsManager
from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

# ipykernel's language_info for this Python, as its kernel_info reply sends it
KERNEL_INFO = {"name": "python", "version": sys.version.split()[0], "mimetype": "text/x-python",
               "codemirror_mode": {"name": "ipython", "version": 3}, "pygments_lexer": "ipython3",
               "nbconvert_exporter": "python", "file_extension": ".py"}
OTHER = "3.13.0" if sys.version_info[:2] != (3, 13) else "3.12.1"


def notebook(version=OTHER, kernel="python3", language="python"):
    info = dict(KERNEL_INFO, name=language, version=version)
    return {"cells": [], "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": kernel, "display_name": "Python 3 (ipykernel)",
                                        "language": language}, "language_info": info}}


def stored(tmp_path, name, content):
    (tmp_path / name).write_text(json.dumps(content, indent=1) + "\n")
    return (tmp_path / name).read_bytes()


def test_ipykernel_reports_what_the_manager_serves():
    from ipykernel.ipkernel import IPythonKernel
    assert IPythonKernel.language_info == KERNEL_INFO


@pytest.mark.parametrize("version", [OTHER, "3.11", sys.version.split()[0]])
def test_a_notebook_from_another_python_is_served_as_the_kernel_reports(tmp_path, version):
    before = stored(tmp_path, "a.ipynb", notebook(version))
    manager = opened_clean.opening_clean(FileContentsManager)(root_dir=str(tmp_path))
    served = manager.get("a.ipynb")["content"]
    assert served["metadata"]["language_info"] == KERNEL_INFO   # JupyterLab's deep-equal holds
    assert (tmp_path / "a.ipynb").read_bytes() == before       # the file is not touched
    plain = FileContentsManager(root_dir=str(tmp_path)).get("a.ipynb")["content"]
    assert (plain["metadata"]["language_info"] == KERNEL_INFO) == (version == KERNEL_INFO["version"])


def test_the_async_default_manager_too(tmp_path):
    stored(tmp_path, "a.ipynb", notebook())
    manager = opened_clean.opening_clean(None)(root_dir=str(tmp_path))
    assert isinstance(manager, AsyncLargeFileManager)
    served = asyncio.run(manager.get("a.ipynb"))
    assert served["content"]["metadata"]["language_info"]["version"] == KERNEL_INFO["version"]
    listing = asyncio.run(manager.get("a.ipynb", content=False))   # no content: nothing to change
    assert listing["content"] is None


@pytest.mark.parametrize("kernel, language", [("ir", "python"), ("python3", "R")])
def test_other_kernels_and_languages_are_served_as_stored(tmp_path, kernel, language):
    stored(tmp_path, "a.ipynb", notebook(kernel=kernel, language=language))
    served = opened_clean.opening_clean(FileContentsManager)(root_dir=str(tmp_path)).get("a.ipynb")
    assert served["content"]["metadata"]["language_info"]["version"] == OTHER


def test_a_kernelspec_is_asked_whether_it_runs_this_python():
    assert opened_clean.runs_this_python(["python", "-m", "ipykernel_launcher"])
    assert opened_clean.runs_this_python([sys.executable, "-m", "ipykernel_launcher"])
    assert not opened_clean.runs_this_python(["/opt/other/bin/python3.9", "-m", "ipykernel_launcher"])
    assert not opened_clean.runs_this_python([])


def test_the_server_config_installs_it_after_the_configured_manager(tmp_path):
    written = saved_figures.install(str(tmp_path))
    script = ("import sys\nfrom traitlets.config import Config\nc = Config()\n"
              "c.ServerApp.contents_manager_class = 'jupyter_server.services.contents.filemanager.FileContentsManager'\n"
              f"exec(open({written!r}).read())\n"
              "m = c.ServerApp.contents_manager_class\n"
              "print(m.__name__, m.__mro__[2].__name__, c.ContentsManager.pre_save_hook.__module__, 'numpy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["FileContentsManagerOpensClean", "FileContentsManager",
                                   "bpcore_saved_figures", "False"], done.stderr
