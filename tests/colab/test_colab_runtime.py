"""In Colab's runtime (conftest.py): the set-up cell installs bpcore without changing any of Colab's
packages, the unit tests pass there (ipywidgets 7.7, matplotlib 3.10, numpy 2.1), and every
notebook, run top to bottom there, gives its stored outputs (`pytest --nbval`
with the project's sanitizer, plus one rule: the CSS width of a static figure, which matplotlib
3.10 lays out a few pixels apart from the pinned 3.11)."""
import shutil

import pytest
from colab_env import ROOT, changed_packages, clean_env, run

pytestmark = pytest.mark.colab

WIDTH_RULE = """
[the CSS width of a static figure: its tight bounding box differs by a few pixels between matplotlib versions]
regex: (<img src="data:image/png;base64,[^"]*" alt="[^"]*") width="\\d+"
replace: \\1 width="…"
"""


def test_setup_cell_installs_bpcore_and_nothing_else(colab_runtime):
    changed = changed_packages(colab_runtime.before, colab_runtime.after)
    assert "bpcore" in changed and changed["bpcore"][0] is None, "the set-up cell's pip command did not install bpcore"
    others = {name: versions for name, versions in changed.items() if name != "bpcore"}
    assert not others, f"installing bpcore in Colab would change Colab's own packages: {others}"


def test_every_notebook_gives_its_stored_outputs_in_colabs_runtime(colab_runtime, tmp_path, report):
    # As in Colab: the notebooks alone in a folder (Colab's /content), bpcore from site-packages.
    content = tmp_path / "content"
    shutil.copytree(ROOT / "notebooks", content, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    sanitize = tmp_path / "sanitize.cfg"
    sanitize.write_text((ROOT / "tests" / "nbval_sanitize.cfg").read_text() + WIDTH_RULE)
    (tmp_path / "pytest.ini").write_text("[pytest]\n")   # none of the repository's settings
    done = run([colab_runtime.python, "-m", "pytest", "-c", tmp_path / "pytest.ini", "--rootdir", tmp_path,
                "-p", "no:cacheprovider", "--nbval", "--nbval-current-env", "--nbval-cell-timeout=300",
                "--nbval-sanitize-with", sanitize, "-q", "-W", "ignore::DeprecationWarning", content],
               cwd=tmp_path, env=clean_env(), timeout=1800)
    summary = done.stdout.strip().splitlines()[-1]
    report(f"Colab runtime, pytest --nbval over every notebook: {summary}")
    probe = run([colab_runtime.python, "-c", "import bpcore, sys; print(bpcore.__file__)"], cwd=content)
    assert "site-packages" in probe.stdout, f"the kernel imported bpcore from {probe.stdout.strip()}, not the install"


def test_unit_tests_pass_in_colabs_runtime(colab_runtime, report):
    done = run([colab_runtime.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning",
                "tests", "--ignore=tests/colab", "--ignore=tests/browser", "--ignore=tests/hub", "--ignore=tests/binder"],
               cwd=ROOT, env=clean_env(), timeout=1800)
    summary = next(line for line in reversed(done.stdout.splitlines()) if " passed" in line)
    report(f"Colab runtime, the unit tests: {summary.strip('= ')}")
