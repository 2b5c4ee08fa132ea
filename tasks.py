#!/usr/bin/env python3
"""Project commands. Each first checks this Python and sets up ./.venv from the pinned lists
(only when they or this Python changed since the last complete set-up), then runs inside it.

    python3 tasks.py lab         open the notebooks in JupyterLab (Ctrl-C stops it)
    python3 tasks.py test        run every unit test and validate every notebook (pytest --nbval)
    python3 tasks.py notebooks   re-execute every notebook top to bottom and store its outputs
    python3 tasks.py bench       print the speed benchmark
    python3 tasks.py browser     the real-browser test of JupyterLab (installs its own tools;
                                 needs Debian's chromium)
    python3 tasks.py binder      simulate the Binder build and run the notebooks in it
    python3 tasks.py wheels      check that the pinned stack installs from wheels on every
                                 supported Python and platform (resolves only; installs nothing)
    python3 tasks.py links [--hub URL]
                                 the Binder link, badge and JupyterHub (nbgitpuller) link of
                                 this repository's GitHub remote (needs no set-up)
    python3 tasks.py ci          what CI runs: wheels, test, browser and binder

Extra arguments are passed on, e.g. `python3 tasks.py test -x -k backprop`.
"""
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
# Written only after a set-up completed; a .venv without it (install failed or interrupted)
# is removed and built again.
STAMP = VENV / "bpcore-setup.json"
REQUIREMENTS = ("requirements.txt", "binder/requirements.txt", "pyproject.toml")
BROWSER_REQUIREMENTS = "tests/browser/requirements.txt"
# JupyterLab's settings for the notebooks, as defaults of the environment that runs it (.venv here,
# the Binder image through binder/postBuild): saving a notebook stores its live figures' widget
# state, so that the notebook reopened later shows each live figure as last drawn instead of
# "Error displaying widget: model not found".
LAB_OVERRIDES = "binder/overrides.json"

# The Pythons the pinned stack has wheels for (`python3 tasks.py wheels` checks it).
PYTHONS = [(3, 11), (3, 12), (3, 13), (3, 14), (3, 15)]
# The students' platforms: name, uv's target triple. Linux: glibc 2.28 or newer (numpy's wheels
# are manylinux_2_28); macOS 11 or newer.
PLATFORMS = [
    ("Windows x86_64", "x86_64-pc-windows-msvc"),
    ("macOS arm64", "aarch64-apple-darwin"),
    ("macOS x86_64", "x86_64-apple-darwin"),
    ("Linux x86_64", "x86_64-manylinux_2_28"),
]
MACOS_TARGET = "11.0"
UV = "uv==0.13.9"  # the resolver of the wheel check, installed into a throwaway venv

START_NOTEBOOK = "notebooks/00_start_here.ipynb"


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
    import sysconfig
    if sysconfig.get_config_var("Py_GIL_DISABLED"):
        fail("This is a free-threaded build of Python %s (%s), which the pinned stack has no wheels for.\n"
             "Use the regular build of the same version (python.org's installer offers both)."
             % (sys.version.split()[0], sys.executable))
    try:
        import ensurepip  # noqa: F401  (venv needs it to put pip into .venv)
        import venv  # noqa: F401
    except ImportError:
        v = "%d.%d" % version
        fail("This Python (%s) cannot create virtual environments: its venv/ensurepip module is missing.\n"
             "On Debian or Ubuntu: `sudo apt install python%s-venv`, then run this command again." % (sys.executable, v))


def this_python():
    """What identifies the Python that builds .venv: its full version and its executable (the
    base interpreter, also when tasks.py runs inside some virtual environment)."""
    executable = getattr(sys, "_base_executable", None) or sys.executable
    return {"version": sys.version.split()[0], "executable": os.path.realpath(executable)}


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


def legacy_stamp():
    """A .venv completed by the earlier tasks.py (which wrote .requirements.sha256 but not which
    Python): its pyvenv.cfg names the Python, so it is updated rather than rebuilt."""
    if not (VENV / ".requirements.sha256").is_file():
        return None
    try:
        cfg = dict(line.split("=", 1) for line in (VENV / "pyvenv.cfg").read_text().splitlines() if "=" in line)
    except OSError:
        return None
    cfg = {key.strip(): value.strip() for key, value in cfg.items()}
    executable = cfg.get("executable")
    if not (cfg.get("version") and executable):
        return None
    return {"version": cfg["version"], "executable": os.path.realpath(executable), "requirements": None}


def setup():
    """Make .venv match the pinned lists and this Python. It is built from scratch when it was
    built by another Python or its last set-up did not finish, and updated in place when only
    the pinned lists changed. The stamp is written last, so an interrupted set-up is redone."""
    wanted = dict(this_python(), requirements=requirements_hash(REQUIREMENTS))
    stamp = read_stamp() or legacy_stamp()
    if stamp is not None and inside_venv():
        # Run by .venv's own python: it is the Python that built it, by construction.
        wanted.update(version=stamp.get("version"), executable=stamp.get("executable"))
    if stamp is not None and all(stamp.get(k) == wanted[k] for k in ("version", "executable", "requirements")):
        return
    if inside_venv():
        fail("The .venv this command runs in is out of date or incomplete. Leave it (`deactivate`) and run\n"
             "this command with the Python you installed, e.g. `python3 tasks.py %s`." % " ".join(sys.argv[1:]))
    started = time.monotonic()
    same_python = stamp is not None and all(stamp.get(k) == wanted[k] for k in ("version", "executable"))
    if same_python:
        say("[1/2] Updating .venv: the pinned lists changed since it was set up.")
        for old in (STAMP, VENV / ".requirements.sha256"):
            if old.exists():
                old.unlink()
    else:
        if VENV.exists():
            if stamp is None:
                why = "its last set-up did not finish" if BIN.exists() else "it was not made by this command"
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
    """Install an extra list (the browser test's tools) into .venv once, when it changed."""
    stamp = read_stamp() or {}
    key = "extra:" + name
    wanted = requirements_hash([requirements])
    if stamp.get(key) == wanted:
        return
    say("Installing the %s's tools (%s) into .venv ..." % (name, requirements))
    pip_install("-r", requirements)
    stamp[key] = wanted
    write_stamp(stamp)


def merged(settings, changes):
    """settings with changes applied, plugin by plugin and key by key (as JupyterLab merges its
    overrides files): what changes does not name is kept."""
    result = dict(settings)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            value = merged(result[key], value)
        result[key] = value
    return result


def install_lab_overrides(prefix):
    """Merge binder/overrides.json into <prefix>/share/jupyter/lab/settings/overrides.json, the
    defaults of the JupyterLab installed in that environment (a student's own settings still win).
    Settings already in the file are kept; the file is written only when the merge changes it.
    Returns the path if it was written, else None."""
    source = ROOT / LAB_OVERRIDES
    if not source.is_file():
        fail("%s is missing: it holds JupyterLab's settings for the notebooks." % LAB_OVERRIDES)
    target = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    try:
        current = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        current = None
    except (OSError, ValueError) as error:
        current = error
    if current is not None and not isinstance(current, dict):
        # JupyterLab ignores such a file as a whole; it may hold someone's settings, so it stays.
        why = current if isinstance(current, Exception) else "it holds a JSON %s" % type(current).__name__
        say("Note: %s could not be read as a JSON object (%s), so it was left as it is and live\n"
            "figures are not saved with the notebooks. Fix or delete that file, then run this command again."
            % (target, why))
        return None
    wanted = merged(current or {}, json.loads(source.read_text(encoding="utf-8")))
    if wanted == current:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")  # a running JupyterLab never reads half a file
    partial.write_text(json.dumps(wanted, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, target)
    return target


def pip_install(*args):
    run("python", "-m", "pip", "install", "--disable-pip-version-check", *args)


def size_text(path):
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                pass
    return "%.0f MB" % (total / 1e6)


def tool(name):
    exe = BIN / name
    if os.name == "nt" and not exe.exists():
        exe = exe.with_suffix(".exe")
    return str(exe)


def run(name, *args, env=None):
    """Run a program of .venv from the repository's root; exit with its code if it fails."""
    result = subprocess.run([tool(name), *args], cwd=ROOT, env=env)
    if result.returncode:
        sys.exit(result.returncode)
    return result


def lab(extra):
    """JupyterLab on the start notebook. Ctrl-C stops it at once, quietly: the server gets the
    signal from the terminal and shuts down (answer_yes skips its y/n question); this process
    ignores it and exits with the server's code."""
    args = ["lab", START_NOTEBOOK, "--ServerApp.answer_yes=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")  # containers run as root; JupyterLab refuses it otherwise
    server = subprocess.Popen([tool("jupyter"), *args, *extra], cwd=ROOT)
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        code = server.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    if code in (-signal.SIGINT, 130):
        code = 130
    sys.exit(code)


def pytest(what, *args):
    """Run pytest in .venv; exit with its code if it fails. pytest's 5 (nothing collected) is a
    failure too: a command that checked nothing must not pass."""
    result = subprocess.run([tool("pytest"), *args], cwd=ROOT)
    if result.returncode == 5:
        fail("pytest collected no %s: nothing was checked." % what, 5)
    if result.returncode:
        sys.exit(result.returncode)


def browser(extra):
    if not (ROOT / BROWSER_REQUIREMENTS).is_file():
        fail("%s is missing: it lists the browser test's tools." % BROWSER_REQUIREMENTS)
    setup_extra("browser test", BROWSER_REQUIREMENTS)
    pytest("browser tests", "-m", "browser", "tests/browser", *extra)


# --- the wheel check: resolve, never install -------------------------------------------------

def wheels(extra):
    """Resolve binder/requirements.txt with uv for every (Python, platform) pair, wheels only,
    without installing it; print a table and fail if any pair has no solution."""
    with tempfile.TemporaryDirectory(prefix="bpcore-wheels-") as tmp:
        import venv
        say("Installing %s into a throwaway environment ..." % UV)
        venv.create(tmp, with_pip=True)
        bin_dir = Path(tmp) / ("Scripts" if os.name == "nt" else "bin")
        python = bin_dir / ("python.exe" if os.name == "nt" else "python")
        subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", UV], check=True)
        uv = str(bin_dir / ("uv.exe" if os.name == "nt" else "uv"))
        env = dict(os.environ, UV_PYTHON_DOWNLOADS="never", MACOSX_DEPLOYMENT_TARGET=MACOS_TARGET,
                   UV_CACHE_DIR=os.environ.get("UV_CACHE_DIR", str(Path(tmp) / "cache")))
        results, failures = {}, []
        for py in PYTHONS:
            for name, target in PLATFORMS:
                version = "%d.%d" % py
                done = subprocess.run(
                    [uv, "pip", "compile", "--quiet", "--no-header", "--no-annotate", "--only-binary", ":all:",
                     "--python-version", version, "--python-platform", target,
                     "binder/requirements.txt"], cwd=ROOT, env=env, capture_output=True, text=True)
                if done.returncode == 0:
                    locked = dict(line.split("==", 1) for line in done.stdout.split()
                                  if "==" in line and not line.startswith("#"))
                    results[version, name] = "ok (numpy %s, %d packages)" % (locked.get("numpy", "?"), len(locked))
                else:
                    results[version, name] = "FAILS"
                    why = [line.strip() for line in done.stderr.splitlines() if "cause:" in line or "Because" in line]
                    failures.append("Python %s, %s: %s" % (version, name, " ".join(why) or done.stderr.strip()[-600:]))
    names = [name for name, _ in PLATFORMS]
    width = max(len(v) for v in results.values())
    say("\nbinder/requirements.txt resolved from wheels only (Linux: glibc >= 2.28, macOS >= %s):\n" % MACOS_TARGET)
    say("| Python | " + " | ".join(name.ljust(width) for name in names) + " |")
    say("|---|" + "---|" * len(names))
    for py in PYTHONS:
        version = "%d.%d" % py
        say("| %s | " % version + " | ".join(results[version, name].ljust(width) for name in names) + " |")
    if failures:
        fail("\nNo wheels, so pip would fail there:\n" + "\n".join(failures))
    say("\nEvery pair resolves: pip installs the stack from wheels on each.")


# --- links: Binder, badge, nbgitpuller; standard library only, no .venv needed ---------------

GITHUB = [
    re.compile(r"^https?://(?:[^@/]+@)?github\.com/(?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$"),
    re.compile(r"^(?:ssh://)?git@github\.com[:/](?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$"),
    re.compile(r"^git://github\.com/(?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$"),
]


def github_repository(url):
    """(owner, repo) of a GitHub remote URL in its HTTPS or SSH form, else None."""
    for pattern in GITHUB:
        match = pattern.match(url.strip())
        if match:
            return match["owner"], match["repo"]
    return None


def git(*args, cwd=ROOT):
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def remote_and_branch(cwd=ROOT):
    """The GitHub remote and the branch to link: the current branch's upstream remote if it is on
    GitHub, else `origin`, else any other GitHub remote; the upstream's branch name, else the
    current branch's. Returns (remote name, url, branch), or exits with what is missing."""
    if git("rev-parse", "--git-dir", cwd=cwd) is None:
        fail("links: %s is not a git repository (or git is not installed). Clone the repository from GitHub\n"
             "and run this command in the clone." % cwd, 2)
    branch = git("symbolic-ref", "--quiet", "--short", "HEAD", cwd=cwd)
    if not branch:
        fail("links: HEAD is detached; check out the branch that students should get, then run this again.", 2)
    upstream = git("config", "--get", "branch.%s.remote" % branch, cwd=cwd)
    merge = git("config", "--get", "branch.%s.merge" % branch, cwd=cwd) or ""
    remotes = (git("remote", cwd=cwd) or "").split()
    order = sorted(remotes, key=lambda name: (name != upstream, name != "origin", name))
    urls = {name: git("remote", "get-url", name, cwd=cwd) or "" for name in order}
    github = [name for name in order if github_repository(urls[name])]
    if not github:
        have = ("its remotes are not on GitHub: " + ", ".join("%s = %s" % (n, urls[n]) for n in order)
                if remotes else "it has no git remote")
        fail("links: the links are for a GitHub repository, and %s.\n"
             "Push the repository to GitHub and add it as a remote, e.g.\n"
             "    git remote add github https://github.com/OWNER/REPO.git\n"
             "then run this command again." % have, 2)
    remote = github[0]
    if remote == upstream and merge.startswith("refs/heads/"):
        branch = merge[len("refs/heads/"):]
    return remote, urls[remote], branch


def links_for(owner, repo, branch, hub=None):
    """The Binder URL, the Markdown badge and the nbgitpuller link, as a dict of strings."""
    quote = urllib.parse.quote
    binder = "https://mybinder.org/v2/gh/%s/%s/%s?urlpath=%s" % (
        owner, repo, quote(branch, safe=""), quote("lab/tree/" + START_NOTEBOOK, safe="/"))
    badge = "[![Launch on Binder](https://mybinder.org/badge_logo.svg)](%s)" % binder
    hub = (hub or "https://YOUR-HUB").rstrip("/")
    if not re.match(r"^https?://", hub):
        hub = "https://" + hub
    # nbgitpuller clones into a folder named after the repository, in the student's home.
    query = urllib.parse.urlencode([
        ("repo", "https://github.com/%s/%s" % (owner, repo)),
        ("branch", branch),
        ("urlpath", "lab/tree/%s/%s" % (repo, START_NOTEBOOK)),
    ])
    puller = "%s/hub/user-redirect/git-pull?%s" % (hub, query)
    install = ('pip install nbgitpuller -r https://raw.githubusercontent.com/%s/%s/%s/binder/requirements.txt\n'
               'pip install --no-deps "bpcore @ git+https://github.com/%s/%s@%s"' % (
                   owner, repo, quote(branch, safe=""), owner, repo, branch))
    return {"binder": binder, "badge": badge, "nbgitpuller": puller, "install": install}


def links(extra):
    hub = None
    args = list(extra)
    while args:
        arg = args.pop(0)
        if arg == "--hub" and args:
            hub = args.pop(0)
        elif arg.startswith("--hub="):
            hub = arg.split("=", 1)[1]
        else:
            fail("links: unknown argument %r. Usage: python3 tasks.py links [--hub https://hub.example.edu]" % arg, 2)
    remote, url, branch = remote_and_branch()
    owner, repo = github_repository(url)
    found = links_for(owner, repo, branch, hub)
    say("GitHub repository github.com/%s/%s, branch %s (remote %s). Push before class: these links\n"
        "show what GitHub has, not what is on this machine.\n" % (owner, repo, branch, remote))
    say("Binder (opens JupyterLab on %s; the first launch after a push builds the image):\n%s\n"
        % (START_NOTEBOOK, found["binder"]))
    say("Binder badge, for the README or a course page (Markdown):\n%s\n" % found["badge"])
    say("JupyterHub link (nbgitpuller clones or updates the repository in each student's home, then\n"
        "opens %s)%s:\n%s\n" % (START_NOTEBOOK, "" if hub else "; replace https://YOUR-HUB or pass --hub URL",
                                 found["nbgitpuller"]))
    say("The hub's environment needs nbgitpuller and the pinned stack with bpcore; its administrator runs:\n"
        "%s" % found["install"])
    say("\nSo that a saved notebook keeps its live figures as last drawn (as with `python3 tasks.py lab`\n"
        "and on Binder), the administrator also merges this file into the JupyterLab settings overrides\n"
        "of the environment that runs JupyterLab, <sys.prefix>/share/jupyter/lab/settings/overrides.json\n"
        "(or copies it there if there is none):\nhttps://raw.githubusercontent.com/%s/%s/%s/%s"
        % (owner, repo, urllib.parse.quote(branch, safe=""), LAB_OVERRIDES))


# --- main -------------------------------------------------------------------------------------

COMMANDS = {
    "lab": lab,
    "test": lambda extra: pytest("tests", "--nbval", *extra),
    "notebooks": lambda extra: run("python", "scripts/run_notebooks.py", *extra),
    "bench": lambda extra: run("python", "benchmarks/bench_sgd.py", *extra),
    "browser": browser,
    "binder": lambda extra: pytest("Binder test", "-m", "binder", "tests/binder", *extra),
    "wheels": wheels,
    "links": links,
    "ci": lambda extra: [COMMANDS[c](extra) for c in ("wheels", "test", "browser", "binder")],
}
NO_SETUP = {"links", "wheels"}


def main(argv):
    command, extra = (argv[0], argv[1:]) if argv else ("help", [])
    if command in ("help", "-h", "--help") or command not in COMMANDS:
        print(__doc__)
        sys.exit(0 if command in ("help", "-h", "--help") else 2)
    if command == "links":
        return links(extra)
    check_python()
    # Notebook kernels inherit this: one BLAS thread is faster on a busy or one-CPU machine.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if command not in NO_SETUP:
        setup()
        # Every time, not only on a (re)build: cheap, writes only on a change, and a .venv set up
        # before the setting existed gets it without a reinstall.
        if install_lab_overrides(VENV):
            say("JupyterLab in .venv now saves the live figures with the notebook (%s)." % LAB_OVERRIDES)
    COMMANDS[command](extra)


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except KeyboardInterrupt:
        # Ctrl-C during a set-up leaves .venv without its stamp: the next run rebuilds it.
        print("\nInterrupted.", file=sys.stderr)
        sys.exit(130)
