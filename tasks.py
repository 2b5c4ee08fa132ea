#!/usr/bin/env python3
"""Project commands. Each first checks this Python and sets up ./.venv from the pinned lists
(only when they, this Python or the folder changed since the last complete set-up), then runs
inside it.

    python3 tasks.py lab         open notebooks/00_start_here.ipynb in JupyterLab (Ctrl-C stops it)
    python3 tasks.py notebook    the same in Jupyter Notebook 7 (simpler pages; best with a screen reader)
    python3 tasks.py test        run every unit test and validate every notebook (pytest --nbval)
    python3 tasks.py notebooks   re-execute every notebook top to bottom and store its outputs
    python3 tasks.py bench       print the speed benchmark

For maintainers (scripts/maintainer.py):

    python3 tasks.py browser     the real-browser test of JupyterLab (needs Debian's chromium)
    python3 tasks.py screenreader  Orca reading the notebooks in Notebook 7 (Xvfb, xdotool; writes
                                 docs/screenreader-transcript.md)
    python3 tasks.py binder      simulate the Binder build and run the notebooks in it
    python3 tasks.py hub         a real JupyterHub with nbgitpuller, one student in Chromium and
                                 ten through the hub's REST API
    python3 tasks.py colab       Google Colab's runtime, simulated (Python 3.13, its pinned packages):
                                 every notebook against its stored outputs, and in Notebook 6
    python3 tasks.py grading     the assignments (assignments/) autograded with nbgrader in a sandbox:
                                 right, wrong, hostile and broken submissions (as root)
    python3 tasks.py wheels      check that the pinned stack installs from wheels on every
                                 supported Python and platform (resolves only; installs nothing)
    python3 tasks.py links [--hub URL]
                                 the Binder and Colab links and badges, the JupyterHub (nbgitpuller)
                                 link and the hub administrator's set-up for this repository's
                                 GitHub remote (it points the notebooks' Colab cells there)
    python3 tasks.py ci          what CI runs: wheels, test, browser, binder, hub, colab and grading

Extra arguments are passed on, e.g. `python3 tasks.py test -x -k backprop`.
Standard library only: it runs on the Python a student installed, before anything else is.
"""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
# Written only after a set-up completed; a .venv without it (install failed or interrupted)
# is removed and built again.
STAMP = VENV / "bpcore-setup.json"
REQUIREMENTS = ("requirements.txt", "binder/requirements.txt", "pyproject.toml")
# The Pythons the pinned stack has wheels for (`python3 tasks.py wheels` checks it).
PYTHONS = [(3, 11), (3, 12), (3, 13), (3, 14), (3, 15)]
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
STUDENT_COMMANDS = ("lab", "notebook", "test", "notebooks", "bench")
MAINTAINER_COMMANDS = ("browser", "screenreader", "binder", "hub", "colab", "grading", "wheels", "links", "ci")
NO_SETUP = ("links", "wheels")
STOP_WAIT_S = 30  # after a SIGTERM, how long the child may take to stop before it is killed


def say(text):
    print(text, flush=True)


def fail(text, code=1):
    print(text, file=sys.stderr, flush=True)
    sys.exit(code)


def versions_text():
    return ", ".join("%d.%d" % v for v in PYTHONS[:-1]) + " or %d.%d" % PYTHONS[-1]


def check_python():
    """Stop with a clear message, before anything is installed, on a Python the stack lacks
    wheels for (pip would fail after minutes with "No matching distribution")."""
    version = sys.version_info[:2]
    if tuple(version) not in PYTHONS:
        fail(
            "bpcore needs Python %s; this is Python %s (%s).\n"
            "Install one of those versions: from https://www.python.org/downloads/ (Windows, macOS),\n"
            "or from your system's package manager (e.g. `sudo apt install python3.12 python3.12-venv`,\n"
            "`brew install python@3.12`). Then run this command with it, e.g. `python3.12 tasks.py lab`\n"
            "(Windows: `py -3.12 tasks.py lab`)."
            % (versions_text(), sys.version.split()[0], sys.executable or "unknown path"))
    if sys.maxsize <= 2 ** 32:
        fail("This is a 32-bit Python (%s, %s): numpy and matplotlib publish no 32-bit wheels for it.\n"
             "Install the 64-bit Python %d.%d (python.org's \"Windows installer (64-bit)\"), then run this\n"
             "command with it, e.g. `py -%d.%d-64 tasks.py lab`."
             % (sys.version.split()[0], sys.executable, *version, *version))
    import sysconfig
    if sysconfig.get_config_var("Py_GIL_DISABLED"):
        fail("This is a free-threaded build of Python %s (%s), which the pinned stack has no wheels for.\n"
             "Use the regular build of the same version (python.org's installer offers both)."
             % (sys.version.split()[0], sys.executable))
    try:
        import ensurepip  # noqa: F401  (venv needs it to put pip into .venv)
        import venv  # noqa: F401
    except ImportError:
        fail("This Python (%s) cannot create virtual environments: its venv/ensurepip module is missing.\n"
             "On Debian or Ubuntu: `sudo apt install python%d.%d-venv`, then run this command again."
             % ((sys.executable,) + tuple(version)))


# --- the set-up of .venv ------------------------------------------------------------------------

def this_python():
    """What identifies the Python that builds .venv, and where: its full version, its executable
    (the base interpreter, also when tasks.py runs inside some virtual environment) and the
    folder of .venv (a moved or renamed project folder leaves .venv's scripts pointing at the old
    place, and bpcore installed from there)."""
    executable = getattr(sys, "_base_executable", None) or sys.executable
    return {"version": sys.version.split()[0], "executable": os.path.realpath(executable),
            "location": str(VENV)}


def requirements_hash(files):
    digest = hashlib.sha256()
    for name in files:
        digest.update(name.encode() + b"\0" + (ROOT / name).read_bytes() + b"\0")
    return digest.hexdigest()


def read_stamp():
    try:
        return json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_stamp(stamp):
    STAMP.write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")


def inside_venv():
    return Path(sys.prefix).resolve() == VENV.resolve()


def venv_python():
    return BIN / ("python.exe" if os.name == "nt" else "python")


def built_elsewhere(stamp):
    """Where .venv was set up, if not here: the stamp says it; a stamp of an earlier tasks.py
    does not, and then pip's launcher does (its first line names .venv's python)."""
    if stamp.get("location"):
        return None if stamp["location"] == str(VENV) else stamp["location"]
    try:
        with open(BIN / "pip", "rb") as launcher:
            first = launcher.readline().decode(errors="replace").strip()
    except OSError:
        return None
    if first.startswith("#!") and Path(first[2:].split()[0]).parent.parent != VENV:
        return str(Path(first[2:].split()[0]).parent.parent)
    return None


def setup():
    """Make .venv match the pinned lists, this Python and this folder. It is built from scratch
    when another Python built it, when it was built in another folder (the project was moved or
    renamed), when its python is gone or its last set-up did not finish; it is updated in place
    when only the pinned lists changed. The stamp is written last, so an interrupted set-up is
    redone."""
    wanted = dict(this_python(), requirements=requirements_hash(REQUIREMENTS))
    stamp = read_stamp()
    moved = stamp and built_elsewhere(stamp)
    broken = stamp and not venv_python().exists()
    if stamp is not None and inside_venv():
        # Run by .venv's own python: it is the Python that built it, by construction.
        wanted.update(version=stamp.get("version"), executable=stamp.get("executable"))
    same_python = (stamp is not None and not moved and not broken
                   and all(stamp.get(k) == wanted[k] for k in ("version", "executable")))
    if same_python and stamp.get("requirements") == wanted["requirements"]:
        if not stamp.get("location"):  # a stamp of an earlier tasks.py: now it says where
            write_stamp(dict(stamp, location=wanted["location"]))
        return
    if inside_venv():
        fail("The .venv this command runs in is out of date, incomplete or was moved. Leave it (`deactivate`)\n"
             "and run this command with the Python you installed, e.g. `python3 tasks.py %s`." % " ".join(sys.argv[1:]))
    started = time.monotonic()
    if same_python:
        say("[1/2] Updating .venv: the pinned lists changed since it was set up.")
        if STAMP.exists():
            STAMP.unlink()
    else:
        if VENV.exists():
            if stamp is None:
                why = "its last set-up did not finish" if BIN.exists() else "it was not made by this command"
            elif moved:
                why = "it was set up in %s, and this folder is %s (moved or renamed)" % (moved, VENV)
            elif broken:
                why = "its python (%s) is missing" % venv_python()
            else:
                why = "it was built by Python %s (%s), this is %s (%s)" % (
                    stamp.get("version"), stamp.get("executable"), wanted["version"], wanted["executable"])
            say("Rebuilding .venv: %s." % why)
            try:
                shutil.rmtree(VENV)
            except OSError as error:
                fail("Could not remove .venv (%s). Close JupyterLab and any program using .venv, or delete the\n"
                     ".venv folder by hand, then run this command again." % error)
        say("[1/2] Creating .venv with Python %s (%s) ..." % (wanted["version"], wanted["executable"]))
        import venv
        venv.create(VENV, with_pip=True)
    say("[2/2] Installing the pinned stack into .venv (the first time takes a few minutes; "
        "pip lists each package as it goes) ...")
    pip_install("-r", "requirements.txt")
    write_stamp(wanted)
    say("Set-up done in %.0f s: .venv is ready (%s).\n" % (time.monotonic() - started, size_text(VENV)))


def setup_extra(name, requirements):
    """Install an extra list (a system test's tools) into .venv once, when it changed."""
    stamp = read_stamp() or {}
    key = "extra:" + name
    wanted = requirements_hash([requirements])
    if stamp.get(key) == wanted:
        return
    say("Installing the %s's tools (%s) into .venv ..." % (name, requirements))
    pip_install("-r", requirements)
    stamp[key] = wanted
    write_stamp(stamp)


def pip_install(*args):
    python("-m", "pip", "install", "--disable-pip-version-check", *args)


def size_text(path):
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                pass
    return "%.0f MB" % (total / 1e6)


# --- running .venv's programs -------------------------------------------------------------------

def run_child(args, stop_signal=signal.SIGTERM):
    """Run .venv's python with args from the repository's root and return its exit code.

    Ctrl-C reaches the child from the terminal (this process ignores it meanwhile). A SIGTERM or
    SIGHUP to this process is passed on as stop_signal; the child gets STOP_WAIT_S seconds to stop
    what it started (JupyterLab shuts its kernels down) and is then killed; what it had started
    and left running (pytest's notebook kernels) gets a SIGTERM; this process then exits 128 +
    the signal's number."""
    child = subprocess.Popen([str(venv_python()), *args], cwd=ROOT)
    received, started = [], []

    def stop(signum, frame):
        if not received and child.poll() is None:
            started.extend(descendants(child.pid))
            child.send_signal(stop_signal)
        received.append(signum)

    handled = [s for s in ("SIGTERM", "SIGHUP") if hasattr(signal, s)]
    previous = {name: signal.signal(getattr(signal, name), stop) for name in handled}
    previous["SIGINT"] = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        deadline = None
        while True:
            try:
                code = child.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                if received and deadline is None:
                    deadline = time.monotonic() + STOP_WAIT_S
                if deadline is not None and time.monotonic() > deadline:
                    child.kill()
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)
    if received:
        for pid in started:  # what the child started and left running (pytest's kernels)
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        sys.exit(128 + received[0])
    return 130 if code == -signal.SIGINT else code


def descendants(pid):
    """The processes below pid, from /proc (Linux; elsewhere none are known)."""
    parents = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry, "rb") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    found, frontier = [], [pid]
    while frontier:
        below = [p for p, parent in parents.items() if parent in frontier]
        found += below
        frontier = below
    return found


def python(*args):
    """Run .venv's python with args; exit with its code if it fails."""
    code = run_child(args)
    if code:
        sys.exit(code)


def pytest(what, *args):
    """Run pytest in .venv; exit with its code if it fails. pytest's 5 (nothing collected) is a
    failure too: a command that checked nothing must not pass."""
    code = run_child(["-m", "pytest", *args])
    if code == 5:
        fail("pytest collected no %s: nothing was checked." % what, 5)
    if code:
        sys.exit(code)


def lab_url():
    return "/lab/tree/" + START_NOTEBOOK


def lab(extra, app="jupyterlab"):
    """JupyterLab (or, app="notebook", Notebook 7) on the start notebook: the browser it opens and
    the URL it prints both go to it (a bare `jupyter lab FILE` opens the file but prints the
    Launcher's URL and serves only the file's folder). answer_yes: Ctrl-C stops it at once, without
    its y/n question; a SIGTERM makes it shut its kernels down."""
    url = lab_url() if app == "jupyterlab" else "/notebooks/" + START_NOTEBOOK
    server = "LabApp" if app == "jupyterlab" else "JupyterNotebookApp"
    args = ["-m", app, "--ServerApp.root_dir=" + str(ROOT), "--%s.default_url=%s" % (server, url),
            "--ServerApp.answer_yes=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")  # containers run as root; JupyterLab refuses it otherwise
    sys.exit(run_child([*args, *extra]))


COMMANDS = {
    "lab": lab,
    "notebook": lambda extra: lab(extra, app="notebook"),
    "test": lambda extra: pytest("tests", "--nbval", *extra),
    "notebooks": lambda extra: python("scripts/run_notebooks.py", *extra),
    "bench": lambda extra: python("benchmarks/bench_sgd.py", *extra),
}


def usage(unknown=None):
    if unknown is None:
        print(__doc__)
        sys.exit(0)
    fail("tasks.py: unknown command %r. The commands: %s.\nRun `python3 tasks.py help` for what each does."
         % (unknown, ", ".join(STUDENT_COMMANDS + MAINTAINER_COMMANDS)), 2)


def maintainers_module(name):
    """scripts/NAME of this repository (also when Python runs isolated, without the script's folder
    on its path)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import importlib
    return importlib.import_module("scripts." + name)


def main(argv):
    command, extra = (argv[0], list(argv[1:])) if argv else ("help", [])
    if command in ("help", "-h", "--help"):
        usage()
    if command not in COMMANDS and command not in MAINTAINER_COMMANDS:
        usage(command)
    if command != "links":
        check_python()
    # Notebook kernels inherit this: one BLAS thread is faster on a busy or one-CPU machine.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if command not in NO_SETUP:
        setup()
        # Every time, not only on a (re)build: cheap, writes only on a change, and a .venv set up
        # before the setting existed gets it without a reinstall.
        if maintainers_module("lab_settings").install_all(VENV, say):
            say("JupyterLab in .venv now saves the live figures with the notebook, each as last drawn\n"
                "(binder/overrides.json and the server's save hook, bpcore/lessons/kit/saved_figures.py).")
    if command in COMMANDS:
        return COMMANDS[command](extra)
    return getattr(maintainers_module("maintainer"), command)(sys.modules[__name__], extra)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except KeyboardInterrupt:
        # Ctrl-C during a set-up leaves .venv without its stamp: the next run rebuilds it.
        print("\nInterrupted.", file=sys.stderr)
        sys.exit(130)
