"""JupyterLab in a real browser: a private JupyterLab server and Debian's Chromium driven by
Playwright (no browser download).

The server serves a copy of notebooks/ from a temporary folder, with private runtime, config,
data, settings and workspace folders, so nothing in the repository or in ~/.jupyter is read or
written. It is shut down, with every kernel it started, when the tests end, pass or fail.

The page is rendered at device scale factor 2 (a HiDPI laptop screen), so screenshots and
latencies are those of sharp figures.

axe-core (the accessibility checker) comes from npm: installed once into tests/browser/.cache/
(or AXE_CORE_JS, the path of an axe.min.js). Without npm or the registry the accessibility check
is skipped with a message; everything else still runs.

Environment variables: CHROMIUM (default /usr/bin/chromium), BROWSER_NOTEBOOKS (the folder of
notebooks to test, default notebooks/), AXE_CORE_JS.
"""
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from loopback import stop_tree

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# User settings for the private server: never write a notebook back (the copies stay as they
# were), render every cell (no windowing, so every output is in the page), no news requests.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}

class LabServer:
    def __init__(self, base, token, root, process, log):
        self.base, self.token, self.root, self.process, self.log = base, token, root, process, log

    def url(self, path):
        sep = "&" if "?" in path else "?"
        return f"{self.base}/{path}{sep}token={self.token}"

    def api(self, path, method="GET"):
        request = urllib.request.Request(f"{self.base}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def kernels(self):
        return self.api("kernels")

    def log_tail(self, n=4000):
        return self.log.read_text(errors="replace")[-n:]


@pytest.fixture(scope="session")
def lab(tmp_path_factory, free_port):
    """A private JupyterLab server serving a copy of the notebooks; stopped at the end."""
    source = Path(os.environ.get("BROWSER_NOTEBOOKS", ROOT / "notebooks")).resolve()
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "root"
    shutil.copytree(source, root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    settings = tmp / "settings"
    for plugin, values in LAB_SETTINGS.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_"))}
    env.update(JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTER_DATA_DIR=str(tmp / "data"), IPYTHONDIR=str(tmp / "ipython"),
               JUPYTER_PLATFORM_DIRS="1")
    token, log = secrets.token_hex(16), tmp / "jupyterlab.log"
    for _ in range(5):  # another server may take the free port first: try the next one
        port = free_port()
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--port-retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
               "--allow-root", f"--LabApp.user_settings_dir={settings}",
               f"--LabApp.workspaces_dir={tmp / 'workspaces'}"]
        with open(log, "wb") as out:
            process = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, start_new_session=True)
        server = LabServer(f"http://127.0.0.1:{port}", token, root, process, log)
        try:
            if _started(server):
                break
        except BaseException:
            stop_tree(process)
            raise
        stop_tree(process)
    else:
        raise RuntimeError(f"JupyterLab did not start:\n{server.log_tail()}")
    try:
        yield server
    finally:
        left = stop_tree(process)
    assert not left, f"processes left after JupyterLab stopped (killed now): {left}"


def _started(server, timeout=120):
    """Wait until the server answers; False if it exited (e.g. its port was taken)."""
    deadline = time.monotonic() + timeout
    while server.process.poll() is None:
        try:
            server.api("status")
            return True
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"JupyterLab did not start within {timeout} s:\n{server.log_tail()}")
            time.sleep(0.25)
    return False


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """Debian's Chromium, headless, with a fresh profile."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        pytest.fail(f"{chromium} not found: install Debian's Chromium (apt-get install -y chromium) "
                    "or set CHROMIUM to a Chromium binary")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=chromium,
            headless=True, args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 720},   # a projector
            device_scale_factor=2)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context, lab, request):
    """A new tab; fails the test on uncaught JavaScript errors in it, but for the messages a test
    module lists in KNOWN_ERRORS (bugs of Jupyter itself, printed)."""
    page = browser_context.new_page()
    page.set_default_timeout(60_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    known = getattr(request.module, "KNOWN_ERRORS", ())
    if any(e in known for e in errors):
        print(f"  known errors of Jupyter itself, tolerated: {sorted({e for e in errors if e in known})}")
    errors = [e for e in errors if e not in known]
    assert not errors, f"uncaught JavaScript errors in JupyterLab: {errors}"


AXE_VERSION = "4"  # the major version; npm picks the newest 4.x once, then the cache is used
AXE_CACHE = Path(__file__).resolve().parent / ".cache"


@pytest.fixture(scope="session")
def axe_script():
    """The path of axe.min.js, or a str saying why there is none (the check is then skipped)."""
    given = os.environ.get("AXE_CORE_JS")
    if given:
        return Path(given) if Path(given).is_file() else f"AXE_CORE_JS={given} is not a file"
    path = AXE_CACHE / "node_modules" / "axe-core" / "axe.min.js"
    if path.is_file():
        return path
    npm = shutil.which("npm")
    if not npm:
        return "npm not found (apt-get install -y npm, or set AXE_CORE_JS to an axe.min.js)"
    AXE_CACHE.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run([npm, "install", "--prefix", str(AXE_CACHE), f"axe-core@{AXE_VERSION}",
                               "--no-audit", "--no-fund", "--loglevel=error"],
                              capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        return "npm install axe-core timed out after 180 s (registry unreachable?)"
    if done.returncode or not path.is_file():
        return f"npm install axe-core@{AXE_VERSION} failed: {(done.stderr or done.stdout).strip()[-500:]}"
    return path


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
