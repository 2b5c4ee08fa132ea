"""A notebook stored from another Python opens clean in JupyterLab and in Notebook 7.

The notebooks are stored from Python 3.11.7; a student's kernel may be 3.12, 3.13 or another 3.11.
Once the kernel has started, both interfaces write its language_info (with its full Python
version) into the notebook, which marks it changed unless the served notebook already says the
same (bpcore/lessons/kit/opened_clean.py explains it; the server's contents manager, installed
with the save hook, serves the kernel's version). Here copies of two notebooks stored with other
versions (another minor version, and the major.minor alone) are opened in each interface: after
the kernel is ready, the tab shows no unsaved-changes mark (JupyterLab), the page would not ask
about unsaved changes on leaving (both), and the file on disk is as it was.

    python3 tasks.py browser -k another_python
"""
import json
import platform
import time

import pytest
from test_notebook7 import KEEP_LEAVE_HANDLERS, leave_prompt_after_opening
from test_notebook7 import KNOWN_ERRORS as NOTEBOOK7_ERRORS
from test_notebooks_in_lab import DIRTY, DIRTY_AFTER, wait_kernel_ready

pytestmark = pytest.mark.browser

OTHER_MINOR = "3.13.0" if platform.python_version_tuple()[:2] != ("3", "13") else "3.12.1"
# Tolerated (printed) by conftest.py's page: Notebook 7's own errors (test_notebook7.py says which).
KNOWN_ERRORS = NOTEBOOK7_ERRORS
URLS = {"JupyterLab": "lab/workspaces/{stem}/tree/notebooks/{name}", "Notebook 7": "notebooks/notebooks/{name}"}


@pytest.mark.parametrize("source", ["00_start_here.ipynb", "05_worked_example.ipynb"])
@pytest.mark.parametrize("stored", [OTHER_MINOR, ".".join(platform.python_version_tuple()[:2])])
@pytest.mark.parametrize("interface", list(URLS))
def test_a_notebook_stored_from_another_python_opens_clean(interface, stored, source, page, lab, report):
    notebook = json.loads((lab.root / "notebooks" / source).read_text())
    notebook["metadata"]["language_info"]["version"] = stored
    assert stored != platform.python_version()   # the kernel will report another version
    stem = f"other_python_{interface[0]}_{stored.replace('.', '_')}_{source[:2]}"
    name = stem + ".ipynb"
    path = lab.root / "notebooks" / name
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")
    before = path.read_bytes()

    page.add_init_script(KEEP_LEAVE_HANDLERS)
    page.goto(lab.url(URLS[interface].format(stem=stem, name=name)))
    panel = page.locator(".jp-NotebookPanel:visible")
    panel.wait_for(timeout=120_000)
    opened_at = time.monotonic()
    session = wait_kernel_ready(lab, panel, name)
    try:
        prompt = leave_prompt_after_opening(page, opened_at)
        tab = page.evaluate(DIRTY, panel.element_handle()) if interface == "JupyterLab" else None
    finally:
        lab.api(f"sessions/{session}", method="DELETE")
    report(f"stored from Python {stored}, kernel {platform.python_version()}, {source[:2]} in {interface}: "
           f"{DIRTY_AFTER:g} s after opening, tab {'DIRTY' if tab else '-' if tab is None else 'clean'}, "
           f"leave prompt {prompt!r}")
    assert not tab, f"{interface}: the tab shows unsaved changes with no edit"
    assert not prompt, f"{interface}: leaving would ask about unsaved changes: {prompt!r}"
    assert path.read_bytes() == before, "opening the notebook changed the file"
