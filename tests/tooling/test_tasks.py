"""tasks.py, the project's commands: `links` finds the GitHub repository and branch in real git
repositories made here (HTTPS, SSH, no remote, a remote elsewhere) and builds the Binder and
nbgitpuller links from them; the Python check refuses versions the stack has no wheels for;
a .venv is reused only when the same Python built it completely, and updated when the lists
change; JupyterLab's settings for the notebooks (binder/overrides.json) are merged into an
environment's defaults as JupyterLab reads them."""
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from scripts import lab_settings

ROOT = Path(__file__).resolve().parents[2]
TASKS = ROOT / "tasks.py"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def load_maintainer():
    from scripts import maintainer
    return maintainer


def load_tasks():
    spec = importlib.util.spec_from_file_location("tasks_under_test", TASKS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def make_repo(path, branch="main", remotes=()):
    """A git repository with one commit on `branch` and the given (name, url) remotes."""
    path.mkdir()
    git(path, "init", "-q")
    git(path, "checkout", "-q", "-b", branch)
    (path / "README.md").write_text("x\n")
    git(path, "add", "README.md")
    git(path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one")
    for name, url in remotes:
        git(path, "remote", "add", name, url)
    return path


def links(repo, *args):
    """`python3 tasks.py links ...` run as a student would, from a copy of tasks.py in repo,
    with the bare interpreter and no third-party package on its path."""
    shutil.copy(TASKS, repo / "tasks.py")
    (repo / "scripts").mkdir(exist_ok=True)
    for name in ("maintainer.py", "hub_admin.py", "lab_settings.py", "colab.py"):
        shutil.copy(ROOT / "scripts" / name, repo / "scripts" / name)
    if not (repo / "notebooks").exists():
        shutil.copytree(ROOT / "notebooks", repo / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return subprocess.run([sys.executable, "-I", "-S", str(repo / "tasks.py"), "links", *args],
                          cwd=repo, capture_output=True, text=True, timeout=60)


def printed_urls(output):
    return [word for word in output.split() if word.startswith(("https://", "[![", "(https://"))]


@pytest.mark.parametrize("url", [
    "https://github.com/example-org/bp-course.git",
    "https://github.com/example-org/bp-course",
    "git@github.com:example-org/bp-course.git",
    "ssh://git@github.com/example-org/bp-course.git",
], ids=["https", "https-no-suffix", "ssh", "ssh-url"])
def test_links_from_a_github_remote(tmp_path, url):
    repo = make_repo(tmp_path / "clone", branch="spring-2027", remotes=[("origin", url)])
    result = links(repo, "--hub", "https://hub.example.edu/")
    assert result.returncode == 0, result.stderr
    binder = ("https://mybinder.org/v2/gh/example-org/bp-course/spring-2027"
              "?urlpath=lab/tree/notebooks/00_start_here.ipynb")
    lines = result.stdout.splitlines()
    assert binder in lines
    assert f"[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({binder})" in lines
    puller = next(line for line in lines if "/git-pull?" in line)
    base, query = puller.split("?", 1)
    assert base == "https://hub.example.edu/hub/user-redirect/git-pull"
    assert dict(urllib.parse.parse_qsl(query)) == {
        "repo": "https://github.com/example-org/bp-course",
        "branch": "spring-2027",
        "urlpath": "lab/tree/bp-course/notebooks/00_start_here.ipynb",  # nbgitpuller clones into bp-course/
    }
    # the hub's JupyterLab settings: the file of this branch, as Binder and tasks.py lab use it
    assert "https://raw.githubusercontent.com/example-org/bp-course/spring-2027/binder/overrides.json" in lines


def test_links_print_colab_links_and_point_the_setup_cells_at_the_remote(tmp_path):
    repo = make_repo(tmp_path / "clone", branch="course/2027",
                     remotes=[("origin", "git@github.com:example-org/bp-course.git")])
    result = links(repo)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    names = sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))
    colab = "https://colab.research.google.com/github/example-org/bp-course/blob/course/2027/notebooks/"
    for name in names:
        assert colab + name in result.stdout.split()
    assert ("[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)](%s00_start_here.ipynb)"
            % colab) in lines
    assert "%d notebooks now installs bpcore from github.com/example-org/bp-course" % len(names) in result.stdout
    archive = "https://github.com/example-org/bp-course/archive/refs/heads/course/2027.zip"
    for name in names:
        here, there = (json.loads((folder / "notebooks" / name).read_text(encoding="utf-8")) for folder in (ROOT, repo))
        setup = [c for c in there["cells"] if "colab-setup" in c["metadata"].get("tags", [])]
        assert len(setup) == 1 and f'"bpcore[lessons] @ {archive}"' in "".join(setup[0]["source"]), name
        # only that cell's source changed: every output is as stored
        assert [c.get("outputs") for c in here["cells"]] == [c.get("outputs") for c in there["cells"]], name
    again = links(repo)   # the cells agree with the remote now: nothing to commit
    assert again.returncode == 0 and "now installs bpcore" not in again.stdout


def test_links_without_hub_print_a_placeholder(tmp_path):
    repo = make_repo(tmp_path / "clone", remotes=[("origin", "https://github.com/o/r.git")])
    result = links(repo)
    assert result.returncode == 0, result.stderr
    assert "https://YOUR-HUB/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fr&branch=main" \
        in result.stdout


def test_links_follow_the_branch_upstream_and_a_slash_in_its_name(tmp_path):
    upstream = make_repo(tmp_path / "upstream", branch="course/2027")
    repo = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "-b", "course/2027", str(upstream), str(repo)], check=True)
    git(repo, "remote", "set-url", "origin", "git@github.com:someone/fork.git")
    git(repo, "remote", "add", "gitlab", "https://gitlab.example.org/a/b.git")
    result = links(repo)
    assert result.returncode == 0, result.stderr
    assert "https://mybinder.org/v2/gh/someone/fork/course%2F2027?urlpath=lab/tree/notebooks/00_start_here.ipynb" \
        in result.stdout.splitlines()


def test_links_without_a_remote_say_what_they_need(tmp_path):
    repo = make_repo(tmp_path / "clone")
    result = links(repo)
    assert result.returncode != 0
    assert "no git remote" in result.stderr and "git remote add" in result.stderr
    assert "mybinder.org/v2" not in result.stdout


def test_links_with_only_a_non_github_remote_fail(tmp_path):
    repo = make_repo(tmp_path / "clone", remotes=[("origin", "https://gitlab.example.org/group/bp-course.git")])
    result = links(repo)
    assert result.returncode != 0
    assert "gitlab.example.org/group/bp-course.git" in result.stderr and "GitHub" in result.stderr
    assert "mybinder.org/v2" not in result.stdout


def test_links_outside_a_git_repository_fail(tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    result = links(folder)
    assert result.returncode != 0 and "not a git repository" in result.stderr


@pytest.mark.parametrize("url, expected", [
    ("https://github.com/a/b.git", ("a", "b")),
    ("https://user@github.com/a/b", ("a", "b")),
    ("git@github.com:a/b.c.git", ("a", "b.c")),
    ("https://gitlab.com/a/b.git", None),
    ("https://github.com.evil.example/a/b.git", None),
    ("/srv/git/b.git", None),
])
def test_github_repository_parses_remote_urls(url, expected):
    assert load_maintainer().github_repository(url) == expected


# --- the Python check and the .venv's stamp ---------------------------------------------------

def run_check(python_version):
    """tasks.check_python() as seen by a Python of the given version."""
    tasks = load_tasks()
    tasks.sys = type(sys)("fake_sys")
    tasks.sys.__dict__.update(vars(sys))
    tasks.sys.version_info = python_version
    tasks.sys.version = "%d.%d.0 (fake)" % python_version[:2]
    return tasks.check_python


@pytest.mark.parametrize("version", [(3, 9), (3, 10), (3, 16)])
def test_python_check_refuses_versions_without_wheels(version, capsys):
    with pytest.raises(SystemExit) as stop:
        run_check(version)()
    assert stop.value.code != 0
    message = capsys.readouterr().err
    assert "3.11, 3.12, 3.13, 3.14 or 3.15" in message and "python.org" in message
    assert "%d.%d.0" % version in message


def test_python_check_accepts_this_python():
    if sys.version_info[:2] not in load_tasks().PYTHONS:
        pytest.skip("this Python is outside the supported range")
    load_tasks().check_python()


def test_supported_pythons_match_the_readme_and_pyproject():
    tasks = load_tasks()
    lowest, highest = "%d.%d" % tasks.PYTHONS[0], "%d.%d" % tasks.PYTHONS[-1]
    assert f'requires-python = ">={lowest}"' in (ROOT / "pyproject.toml").read_text()
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:1500]
    assert f"Python {lowest} to {highest}" in head


def test_readme_points_to_links_not_to_a_placeholder():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "OWNER/REPO" not in readme.replace("github.com/OWNER/REPO.git", "")
    assert "python3 tasks.py links" in readme
    # the newcomer's two commands come first
    head = readme[:800]
    assert "python3 tasks.py lab" in head and "python3 tasks.py test" in head


def fake_venv(tasks, tmp_path, monkeypatch):
    root = tmp_path / "project"
    root.mkdir()
    for name in tasks.REQUIREMENTS:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"# {name}\n")
    venv = root / ".venv"
    monkeypatch.setattr(tasks, "ROOT", root)
    monkeypatch.setattr(tasks, "VENV", venv)
    monkeypatch.setattr(tasks, "BIN", venv / "bin")
    monkeypatch.setattr(tasks, "STAMP", venv / "bpcore-setup.json")
    built = []

    def fake_create(path, with_pip):
        (Path(path) / "bin").mkdir(parents=True)
        (Path(path) / "bin" / "python").write_text("")
        built.append(path)

    import venv as venv_module
    monkeypatch.setattr(venv_module, "create", fake_create)
    return root, built


def test_setup_reuses_a_complete_venv_and_rebuilds_otherwise(tmp_path, monkeypatch):
    tasks = load_tasks()
    root, built = fake_venv(tasks, tmp_path, monkeypatch)
    installs = []
    monkeypatch.setattr(tasks, "pip_install", lambda *args: installs.append(args))

    tasks.setup()
    assert len(built) == 1 and installs == [("-r", "requirements.txt")]
    tasks.setup()  # same Python, same lists, complete: nothing to do
    assert len(built) == 1

    stamp = tasks.read_stamp()
    tasks.write_stamp(dict(stamp, version="3.11.0", executable="/other/python3.11"))
    tasks.setup()  # another Python built it
    assert len(built) == 2

    (root / "binder/requirements.txt").write_text("numpy==9\n")
    tasks.setup()  # the pinned lists changed: installed again into the same .venv
    assert len(built) == 2 and len(installs) == 3

    def interrupted(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr(tasks, "pip_install", interrupted)
    (root / "binder/requirements.txt").write_text("numpy==10\n")
    with pytest.raises(KeyboardInterrupt):
        tasks.setup()  # an update, interrupted: the stamp is gone
    assert not tasks.STAMP.exists() and tasks.VENV.exists()
    monkeypatch.setattr(tasks, "pip_install", lambda *args: installs.append(args))
    tasks.setup()  # the half-built .venv is not reused
    assert len(built) == 3 and tasks.read_stamp()["requirements"] == tasks.requirements_hash(tasks.REQUIREMENTS)


WIDGETS_PLUGIN = "@jupyter-widgets/jupyterlab-manager:plugin"


def lab_overrides(prefix):
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def test_lab_overrides_are_written_once_and_merged_into_an_existing_file(tmp_path):
    tasks = load_tasks()
    ours = json.loads((ROOT / "binder" / "overrides.json").read_text(encoding="utf-8"))
    assert ours == {WIDGETS_PLUGIN: {"saveState": True}}

    written = lab_settings.install_lab_overrides(tmp_path / "env")
    target = lab_overrides(tmp_path / "env")
    assert written == target and json.loads(target.read_text(encoding="utf-8")) == ours
    before = (target.read_bytes(), target.stat().st_mtime_ns)
    assert lab_settings.install_lab_overrides(tmp_path / "env") is None  # nothing to change: not rewritten
    assert (target.read_bytes(), target.stat().st_mtime_ns) == before

    # someone's settings: kept, plugin by plugin and key by key; ours replace theirs
    theirs = {"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
              WIDGETS_PLUGIN: {"saveState": False, "otherKey": 1}}
    other = lab_overrides(tmp_path / "other")
    other.parent.mkdir(parents=True)
    other.write_text(json.dumps(theirs), encoding="utf-8")
    assert lab_settings.install_lab_overrides(tmp_path / "other") == other
    assert json.loads(other.read_text(encoding="utf-8")) == {
        "@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
        WIDGETS_PLUGIN: {"saveState": True, "otherKey": 1}}
    assert not list(other.parent.glob("*.partial"))


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_lab_overrides_leave_an_unreadable_file_alone(tmp_path, capsys, content):
    tasks = load_tasks()
    target = lab_overrides(tmp_path)
    target.parent.mkdir(parents=True)
    target.write_text(content, encoding="utf-8")
    assert lab_settings.install_lab_overrides(tmp_path) is None
    assert target.read_text(encoding="utf-8") == content
    message = capsys.readouterr().out
    assert str(target) in message and "Fix or delete that file" in message


def test_lab_overrides_turn_on_saving_widget_state_as_jupyterlab_reads_them(tmp_path):
    """JupyterLab's own settings code (jupyterlab_server), on the widget manager's schema as this
    environment installs it: the default of saveState is off, and on with the overrides."""
    settings_utils = pytest.importorskip("jupyterlab_server.settings_utils",
                                         reason="no JupyterLab here (Colab's runtime has none)")
    get_settings = settings_utils.get_settings

    share = Path(sys.prefix) / "share" / "jupyter"
    assert (share / "labextensions" / "@jupyter-widgets" / "jupyterlab-manager").is_dir(), (
        "jupyterlab_widgets is not installed in %s" % sys.prefix)

    def save_state_default(prefix):
        found, _ = get_settings(str(lab_overrides(prefix).parent), str(share / "lab" / "schemas"),
                                str(tmp_path / "user-settings"), schema_name=WIDGETS_PLUGIN,
                                labextensions_path=[str(share / "labextensions")])
        return found["schema"]["properties"]["saveState"]["default"]

    assert save_state_default(tmp_path / "plain") is False
    lab_settings.install_lab_overrides(tmp_path / "env")
    assert save_state_default(tmp_path / "env") is True


def test_every_command_with_a_set_up_installs_the_lab_overrides_into_venv(tmp_path, monkeypatch, capsys):
    tasks = load_tasks()
    if sys.version_info[:2] not in tasks.PYTHONS:
        pytest.skip("this Python is outside the supported range")
    root, built = fake_venv(tasks, tmp_path, monkeypatch)
    (root / "binder" / "overrides.json").write_bytes((ROOT / "binder" / "overrides.json").read_bytes())
    monkeypatch.setattr(tasks, "pip_install", lambda *args: None)
    ran = []
    monkeypatch.setitem(tasks.COMMANDS, "bench", ran.append)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")

    tasks.main(["bench"])
    target = lab_overrides(tasks.VENV)
    assert len(built) == 1 and ran == [[]]
    assert json.loads(target.read_text(encoding="utf-8")) == {WIDGETS_PLUGIN: {"saveState": True}}
    assert "saves the live figures" in capsys.readouterr().out
    hook_config = tasks.VENV / "etc" / "jupyter" / "jupyter_server_config.py"
    assert "c.ContentsManager.pre_save_hook" in hook_config.read_text(encoding="utf-8")
    stamp = tasks.STAMP.read_bytes()

    tasks.main(["bench"])  # set up already: nothing rebuilt, rewritten or said
    assert len(built) == 1 and len(ran) == 2 and tasks.STAMP.read_bytes() == stamp
    assert "saves the live figures" not in capsys.readouterr().out

    target.unlink()  # removed by hand: back with the next command, without a reinstall
    tasks.main(["bench"])
    assert len(built) == 1 and target.is_file() and tasks.STAMP.read_bytes() == stamp


def test_setup_rebuilds_a_venv_whose_folder_was_moved(tmp_path, monkeypatch, capsys):
    tasks = load_tasks()
    root, built = fake_venv(tasks, tmp_path, monkeypatch)
    monkeypatch.setattr(tasks, "pip_install", lambda *args: None)
    tasks.setup()
    stamp = tasks.read_stamp()
    assert stamp["location"] == str(tasks.VENV)
    tasks.write_stamp(dict(stamp, location="/old/place/.venv"))  # the project folder was renamed
    tasks.setup()
    assert len(built) == 2 and "moved or renamed" in capsys.readouterr().out
    assert tasks.read_stamp()["location"] == str(tasks.VENV)

    (tasks.BIN / "python").unlink()  # .venv's python gone: rebuilt, not a FileNotFoundError later
    tasks.setup()
    assert len(built) == 3


def test_setup_sees_a_moved_venv_of_an_earlier_tasks_py_by_its_pip_launcher(tmp_path, monkeypatch):
    tasks = load_tasks()
    root, built = fake_venv(tasks, tmp_path, monkeypatch)
    monkeypatch.setattr(tasks, "pip_install", lambda *args: None)
    tasks.setup()
    stamp = tasks.read_stamp()
    del stamp["location"]
    tasks.write_stamp(stamp)
    (tasks.BIN / "pip").write_text("#!/old/place/.venv/bin/python\n")
    tasks.setup()
    assert len(built) == 2


def run_tasks(*args, timeout=60):
    return subprocess.run([sys.executable, str(TASKS), *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def test_an_unknown_command_says_so():
    result = run_tasks("tset")
    assert result.returncode == 2
    assert "unknown command 'tset'" in result.stderr and "test" in result.stderr
    assert result.stdout == ""


def test_help_lists_every_command():
    result = run_tasks("help")
    assert result.returncode == 0
    for command in ("lab", "test", "notebooks", "bench", "browser", "binder", "hub", "colab", "wheels", "links", "ci"):
        assert f"python3 tasks.py {command}" in result.stdout


def test_every_maintainer_command_exists():
    tasks, maintainer = load_tasks(), load_maintainer()
    for command in tasks.MAINTAINER_COMMANDS:
        assert callable(getattr(maintainer, command)), command


def test_a_32_bit_python_is_turned_away(capsys):
    check = run_check((3, 12))
    check.__globals__["sys"].maxsize = 2 ** 31 - 1
    with pytest.raises(SystemExit) as stop:
        check()
    assert stop.value.code != 0 and "32-bit Python" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGTERM") or sys.platform == "win32", reason="POSIX signals")
def test_sigterm_stops_the_child_and_what_it_started(tmp_path):
    """tasks.run_child, as `lab` and `test` use it: a SIGTERM to tasks.py reaches the child, which
    stops (here: a Python that starts a grandchild and stops it on SIGTERM)."""
    import signal
    import time

    pids = tmp_path / "pids"
    child = tmp_path / "child.py"
    child.write_text(
        "import signal, subprocess, sys, time\n"
        "grand = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        f"open({str(pids)!r}, 'w').write(str(grand.pid))\n"
        "def stop(*_):\n    grand.terminate(); grand.wait(); sys.exit(0)\n"
        "signal.signal(signal.SIGTERM, stop)\n"
        "time.sleep(120)\n")
    driver = tmp_path / "driver.py"
    driver.write_text(
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('t', {str(TASKS)!r})\n"
        "t = importlib.util.module_from_spec(spec); spec.loader.exec_module(t)\n"
        "t.venv_python = lambda: sys.executable\n"
        f"t.run_child([{str(child)!r}])\n")
    process = subprocess.Popen([sys.executable, str(driver)])
    deadline = time.monotonic() + 30
    while not (pids.exists() and pids.read_text()):
        assert time.monotonic() < deadline and process.poll() is None, "the child did not start"
        time.sleep(0.1)
    grandchild = int(pids.read_text())
    process.send_signal(signal.SIGTERM)
    assert process.wait(30) == 128 + signal.SIGTERM
    time.sleep(0.5)
    try:
        os.kill(grandchild, 0)
        alive = open(f"/proc/{grandchild}/status").read().find("zombie") < 0 if os.path.exists("/proc") else True
    except ProcessLookupError:
        alive = False
    assert not alive, "what the child started is still running"


def test_lab_opens_the_start_notebook(monkeypatch):
    tasks = load_tasks()
    ran = []
    monkeypatch.setattr(tasks, "run_child", lambda args, **kw: ran.append(args) or 0)
    with pytest.raises(SystemExit):
        tasks.lab([])
    assert "--LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb" in ran[0]
    assert (ROOT / tasks.START_NOTEBOOK).is_file()
