"""The maintainers' commands, which `python3 tasks.py COMMAND` hands on to this module: the system
tests (browser, binder, hub, colab, grading), the wheel check, the course links and CI. The students'
commands (lab, test, notebooks, bench) and the set-up of .venv stay in tasks.py.

Each command is a function of (tasks, extra): `tasks` is the running tasks.py (its set-up and its
way of running pytest), `extra` the arguments after the command's name.
"""
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

from scripts import colab as colab_setup, hub_admin

ROOT = Path(__file__).resolve().parents[1]
START_NOTEBOOK = "notebooks/00_start_here.ipynb"
LAB_OVERRIDES = "binder/overrides.json"
BROWSER_REQUIREMENTS = "tests/browser/requirements.txt"
HUB_REQUIREMENTS = "tests/hub/requirements.txt"

# The Pythons and students' platforms the wheel check covers: name, uv's target triple. Linux:
# glibc 2.28 or newer (numpy's wheels are manylinux_2_28); macOS 11 or newer.
PLATFORMS = [
    ("Windows x86_64", "x86_64-pc-windows-msvc"),
    ("macOS arm64", "aarch64-apple-darwin"),
    ("macOS x86_64", "x86_64-apple-darwin"),
    ("Linux x86_64", "x86_64-manylinux_2_28"),
]
MACOS_TARGET = "11.0"
UV = "uv==0.13.9"  # the resolver of the wheel check, installed into a throwaway venv


def say(text):
    print(text, flush=True)


def fail(text, code=1):
    print(text, file=sys.stderr, flush=True)
    sys.exit(code)


# --- system tests ------------------------------------------------------------------------------

def browser(tasks, extra):
    if not (ROOT / BROWSER_REQUIREMENTS).is_file():
        fail("%s is missing: it lists the browser test's tools." % BROWSER_REQUIREMENTS)
    tasks.setup_extra("browser test", BROWSER_REQUIREMENTS)
    tasks.pytest("browser tests", "-m", "browser", "tests/browser", *extra)


def screenreader(tasks, extra):
    """Orca on the notebooks in Notebook 7 (tests/browser/test_screenreader.py): needs Xvfb, Orca,
    speech-dispatcher, espeak-ng, xdotool and dbus-launch from the system's packages."""
    tasks.setup_extra("browser test", BROWSER_REQUIREMENTS)
    tasks.pytest("screen-reader test", "-m", "screenreader", "tests/browser/test_screenreader.py", *extra)


def binder(tasks, extra):
    tasks.pytest("Binder test", "-m", "binder", "tests/binder", *extra)


def hub(tasks, extra):
    """The JupyterHub test builds its own hub environment (tests/hub/requirements.txt, the pinned
    stack and bpcore from its git server); from .venv it needs pytest, psutil, tornado and the
    browser test's Playwright."""
    tasks.setup_extra("browser test", BROWSER_REQUIREMENTS)
    tasks.pytest("hub test", "-m", "hub", "tests/hub", *extra)


def colab(tasks, extra):
    """The Colab test builds its own environment (Python 3.13, Colab's packages: tests/colab);
    from .venv it needs pytest, psutil and the browser test's Playwright."""
    tasks.setup_extra("browser test", BROWSER_REQUIREMENTS)
    tasks.pytest("Colab test", "-m", "colab", "tests/colab", *extra)


def grading(tasks, extra):
    """The grading test builds its own environment (tests/grading/requirements.txt: the stack and
    nbgrader) and grades as root in a sandbox; from .venv it needs pytest."""
    tasks.pytest("grading test", "-m", "grading", "tests/grading", *extra)


def ci(tasks, extra):
    for command in ("wheels", "test", "browser", "binder", "hub", "colab", "grading"):
        tasks.main([command, *extra])


# --- the wheel check: resolve, never install -------------------------------------------------

def wheels(tasks, extra):
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
        for py in tasks.PYTHONS:
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
    for py in tasks.PYTHONS:
        version = "%d.%d" % py
        say("| %s | " % version + " | ".join(results[version, name].ljust(width) for name in names) + " |")
    if failures:
        fail("\nNo wheels, so pip would fail there:\n" + "\n".join(failures))
    say("\nEvery pair resolves: pip installs the stack from wheels on each.")


# --- links: Binder, Colab, badges, nbgitpuller; standard library only, no .venv needed -------

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
    # Notebook 7 (best with a screen reader): its /tree/FILE opens the notebook on its own page.
    binder_notebook7 = binder.replace("urlpath=lab/tree/", "urlpath=tree/")
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
    puller_notebook7 = puller.replace("urlpath=lab%2Ftree%2F", "urlpath=tree%2F")
    install = hub_admin.install_lines(
        "https://github.com/%s/%s" % (owner, repo),
        "https://raw.githubusercontent.com/%s/%s/%s/binder/requirements.txt" % (owner, repo, quote(branch, safe="")),
        branch)
    return {"binder": binder, "badge": badge, "nbgitpuller": puller, "install": install,
            "binder_notebook7": binder_notebook7, "nbgitpuller_notebook7": puller_notebook7}


def links(tasks, extra):
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
    say("The same in Jupyter Notebook 7, one notebook per page (best with a screen reader):\n%s\n"
        % found["binder_notebook7"])
    say("Binder badge, for the README or a course page (Markdown):\n%s\n" % found["badge"])
    changed = colab_setup.set_cells(owner, repo, branch)
    say(colab_setup.links_text(owner, repo, branch) + "\n")
    if changed:
        say("The first cell of %d notebooks now installs bpcore from github.com/%s/%s (branch %s) in Colab.\n"
            "Commit and push them, or the Colab links install it from where the cells named before:\n"
            "    git commit -m \"Colab cells: install from github.com/%s/%s\" notebooks/\n"
            % (len(changed), owner, repo, branch, owner, repo))
    say("JupyterHub link (nbgitpuller clones or updates the repository in each student's home, then\n"
        "opens %s)%s:\n%s\n" % (START_NOTEBOOK, "" if hub else "; replace https://YOUR-HUB or pass --hub URL",
                                 found["nbgitpuller"]))
    say("The same link opening Jupyter Notebook 7 (best with a screen reader):\n%s\n" % found["nbgitpuller_notebook7"])
    say("The hub's environment needs nbgitpuller, the idle culler and the pinned stack with bpcore. Its\n"
        "administrator runs, once, in the environment that runs the students' servers (this replaces\n"
        "that environment's JupyterLab and Notebook by the pinned versions, which work together):\n"
        "%s" % found["install"])
    say("\nSo that a saved notebook keeps its live figures as last drawn (as with `python3 tasks.py lab`\n"
        "and on Binder), the administrator also merges this file into the JupyterLab settings overrides\n"
        "of that environment, <sys.prefix>/share/jupyter/lab/settings/overrides.json (or copies it there\n"
        "if there is none):\nhttps://raw.githubusercontent.com/%s/%s/%s/%s"
        % (owner, repo, urllib.parse.quote(branch, safe=""), LAB_OVERRIDES))
    say("\nAnd adds to jupyterhub_config.py (kernels import bpcore from each student's clone, so an update\n"
        "the link pulls reaches the next kernel with nothing to reinstall; one BLAS thread; idle\n"
        "kernels and servers stopped; a memory limit per student):\n\n%s" % hub_admin.config_lines(repo))
    say("Sizing. %s" % hub_admin.sizing_text())
    say("Updates: push to the branch of the link; students click it again. Safe: changes to bpcore/ and\n"
        "new files. A line both the instructor and a student changed keeps the student's version, so\n"
        "publish a changed notebook under a new name. Tell students to save and close their open\n"
        "notebooks before clicking (a notebook left open meets JupyterLab's \"File Changed\" dialog,\n"
        "whose Overwrite discards the update), then to restart their kernels.")
