"""A class on a real JupyterHub, on this machine.

JupyterHub (tests/hub/requirements.txt) with configurable-http-proxy from npm, DummyAuthenticator
and SimpleLocalProcessSpawner (each student a home folder of their own), and a smart-HTTP git
server standing in for GitHub, serving a clone of the committed tree; all on 127.0.0.1. The hub's
environment is set up as `python3 tasks.py links --hub` tells an administrator to: the install
lines (bpcore from the git server), the JupyterLab settings, and the jupyterhub_config.py lines of
scripts/hub_admin.py, which the test adds unchanged to its own (ports, authenticator, spawner).

1. One student in Chromium follows the nbgitpuller link `links --hub` prints (its repository URL
   replaced by the local server's): logs in, the link clones the repository and opens
   00_start_here; the student opens 01, runs it and moves a slider.
2. STUDENTS more students log in through the REST API, click the link (nbgitpuller's API) and run
   01 top to bottom in a kernel, all at once. Per student: server start time, peak memory of
   server and kernels, CPU-seconds of the kernel, errors.
3. Updates: a student edits 01 and saves it; the instructor pushes a change to bpcore/ and a new
   file; the student clicks the link again. The student's next kernel imports the new bpcore from
   the student's clone, the new file is there, and the student's edit is still in 01. A notebook
   saved with widget state is stored without it (bpcore's save hook runs in the student's server).

Fails on any error; every wait is bounded; everything started is stopped.

    python3 tasks.py hub                         the committed tree (HEAD), 10 students
    HUB_TREE=worktree python3 tasks.py hub       the working tree, uncommitted changes too
    HUB_STUDENTS=N python3 tasks.py hub          another class size
"""
import asyncio
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import traceback
import urllib.parse
from pathlib import Path

import pytest

from scripts import hub_admin
from scripts.lab_settings import install_lab_overrides
from loopback import stop_tree
from services import Hub, MemorySampler, free_port, git_http_server, run_cells

pytestmark = pytest.mark.hub

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
CHP_VERSION = "5.3.0"
REPO_NAME = "bp-course"                  # the GitHub repository's name in the link
GITHUB_URL = f"https://github.com/example-org/{REPO_NAME}.git"
NOTEBOOK_01 = "notebooks/01_stochastic_gradient_descent.ipynb"
STUDENTS = int(os.environ.get("HUB_STUDENTS", "10"))
BROWSER_STUDENT = "alice"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def sh(*cmd, cwd=None, env=None, timeout=900):
    done = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode:
        pytest.fail(f"{' '.join(map(str, cmd))} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def proxy_command():
    """configurable-http-proxy from npm, installed once into tests/hub/.cache."""
    chp = CACHE / "node_modules" / ".bin" / "configurable-http-proxy"
    if not chp.exists():
        if not shutil.which("npm"):
            pytest.fail("npm is needed to install configurable-http-proxy (apt-get install -y npm)")
        CACHE.mkdir(exist_ok=True)
        sh("npm", "install", "--prefix", CACHE, "--no-audit", "--no-fund", f"configurable-http-proxy@{CHP_VERSION}",
           timeout=600)
    return chp


def instructor_repository(tmp):
    """The instructor's clone of the committed tree, its GitHub remote as in a real course, and
    the bare repository the git server serves (the stand-in for GitHub)."""
    work, bare = tmp / "instructor", tmp / "git" / REPO_NAME
    sh("git", "clone", "-q", "--no-hardlinks", ROOT, work)
    branch = sh("git", "-C", work, "symbolic-ref", "--short", "HEAD").strip()
    sh("git", "-C", work, "remote", "set-url", "origin", GITHUB_URL)
    sh("git", "-C", work, "config", "user.name", "Instructor")
    sh("git", "-C", work, "config", "user.email", "instructor@example.org")
    if os.environ.get("HUB_TREE") == "worktree":  # try uncommitted changes: commit them in the clone
        listed = sh("git", "-C", ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        for name in filter(None, listed.split("\0")):
            if (ROOT / name).is_file():
                (work / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, work / name)
        sh("git", "-C", work, "add", "-A")
        sh("git", "-C", work, "commit", "-q", "--allow-empty", "-m", "working tree")
    sh("git", "clone", "-q", "--bare", work, bare)
    sh("git", "-C", work, "remote", "add", "local", bare)
    return work, bare, branch


def printed_link(work, hub_url, git_url):
    """The nbgitpuller link `tasks.py links --hub` prints, its repository URL replaced by ours."""
    out = sh(sys.executable, work / "tasks.py", "links", "--hub", hub_url, cwd=work)
    link = next(line for line in out.splitlines() if "/hub/user-redirect/git-pull?" in line)
    base, query = link.split("?", 1)
    params = dict(urllib.parse.parse_qsl(query))
    assert params["repo"] == GITHUB_URL.removesuffix(".git"), params
    params["repo"] = git_url
    return out, base + "?" + urllib.parse.urlencode(params), params


def hub_environment(work, git_url, branch):
    """The students' environment, set up as the administrator is told: the install lines of
    `links --hub` (the local requirements file and git server for GitHub's), plus JupyterHub, then
    the JupyterLab settings merged into it. The stack is kept in tests/hub/.cache between runs
    (keyed by the pinned lists); bpcore, from the git server, is installed anew every run."""
    stack, bpcore, save_hook = hub_admin.install_lines(git_url, work / "binder" / "requirements.txt",
                                                       branch).splitlines()
    key = hashlib.sha256(b"".join((work / name).read_bytes() for name in (
        "binder/requirements.txt", "tests/hub/requirements.txt")) + sys.version.encode()).hexdigest()[:12]
    env_dir = CACHE / f"hub-env-{key}"
    pip = [env_dir / "bin" / "python", "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    if not (env_dir / "complete").is_file():
        shutil.rmtree(env_dir, ignore_errors=True)
        sh(sys.executable, "-m", "venv", env_dir)
        sh(*pip, *pip_arguments(stack), "-r", work / "tests" / "hub" / "requirements.txt")
        (env_dir / "complete").write_text("")
    sh(*pip, "--force-reinstall", *pip_arguments(bpcore))
    sh(env_dir / "bin" / "python", *save_hook.split()[1:])   # python -m bpcore.lessons.kit.saved_figures
    install_lab_overrides(env_dir, say=print)
    check = subprocess.run([env_dir / "bin" / "python", "-m", "pip", "check"], capture_output=True, text=True)
    assert check.returncode == 0, f"the hub's environment is inconsistent:\n{check.stdout}{check.stderr}"
    return env_dir


def pip_arguments(line):
    """The arguments of a `pip install ...` line, quotes removed."""
    return [a.strip('"') for a in re.findall(r'"[^"]*"|\S+', line)][2:]


def write_config(tmp, env_dir, chp, ports, service_token):
    """The test's jupyterhub_config.py: this machine's ports, DummyAuthenticator, a local-process
    spawner with a home per student in tmp; then the administrator's lines, unchanged."""
    homes = tmp / "homes"
    homes.mkdir()
    test_part = f'''
import sys
from jupyterhub.spawner import SimpleLocalProcessSpawner

class PortRangeSpawner(SimpleLocalProcessSpawner):
    """Single-user servers on ports {ports['users'].start}-{ports['users'].stop - 1} (this test's range)."""
    taken = set()
    async def start(self):
        self.port = next(p for p in {list(ports['users'])!r} if p not in PortRangeSpawner.taken)
        PortRangeSpawner.taken.add(self.port)
        return await super().start()
    async def stop(self, now=False):
        PortRangeSpawner.taken.discard(self.port)
        return await super().stop(now=now)

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {ports['hub_public']}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {ports['hub_api']}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports['proxy_api']}"
c.ConfigurableHTTPProxy.command = [{str(chp)!r}]
c.ConfigurableHTTPProxy.pid_file = {str(tmp / 'proxy.pid')!r}
c.JupyterHub.db_url = "sqlite:///{tmp / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(tmp / 'cookie_secret')!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = PortRangeSpawner
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes / '{username}')!r}
c.Spawner.cmd = [{str(env_dir / 'bin' / 'jupyterhub-singleuser')!r}]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
'''
    admin = hub_admin.config_lines(REPO_NAME)
    # The class driver: a service with the admin role, to create students and start servers;
    # root (CI's user) needs --allow-root, as with any Jupyter server.
    driver = f'''
if {os.geteuid() == 0!r}:
    c.Spawner.args = list(c.Spawner.args) + ["--allow-root"]
c.JupyterHub.services.append({{"name": "class-driver", "api_token": {service_token!r}}})
c.JupyterHub.load_roles.append({{"name": "admin", "services": ["class-driver"]}})
'''
    config = tmp / "jupyterhub_config.py"
    config.write_text(test_part + "\n" + admin + "\n" + driver)
    return config, homes


def start_hub(tmp, env_dir, config, url, token):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENBLAS", "JUPYTER", "JPY_", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join([str(env_dir / "bin"), env.get("PATH", "/usr/bin:/bin")])
    log = open(tmp / "jupyterhub.log", "wb")
    process = subprocess.Popen([env_dir / "bin" / "jupyterhub", "-f", config], cwd=tmp, env=env,
                               stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    hub = Hub(url, token)
    deadline = time.monotonic() + 90
    while True:
        try:
            hub.api("/")
            return process, hub
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                stop_tree(process)
                pytest.fail("JupyterHub did not start:\n" + (tmp / "jupyterhub.log").read_text(errors="replace")[-4000:])
            time.sleep(0.5)


def code_cells(hub, name):
    notebook = hub.contents(name, f"{REPO_NAME}/{NOTEBOOK_01}")["content"]
    return ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]


# --- the student in Chromium ---------------------------------------------------------------------

# Every code cell's prompt shows an execution count. A cell whose input is collapsed (the Colab
# set-up cell) also has a placeholder with an empty prompt of its own, which never gets a count.
ALL_RAN = """nb => { const p = [...nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt:not(.jp-Placeholder-prompt)')]
  .map(e => e.textContent);
  return p.length > 0 && p.every(t => /\\[\\d+\\]/.test(t)); }"""
# What a slider's figure shows: its images and the output's text, the slider's own readout left out.
FIGURE_STATE = """cell => { const out = cell.querySelector('.jp-OutputArea').cloneNode(true);
  out.querySelectorAll('.bpcore-range').forEach(e => e.remove());
  return [...cell.querySelectorAll('.jp-OutputArea img')].map(i => i.src).join(' ') + out.textContent; }"""
ERRORS = ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"


def current_tab(name, page):
    return page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current", has_text=name)


def browser_student(link, hub_url, report):
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        pytest.fail(f"{chromium} not found: apt-get install -y chromium (or set CHROMIUM)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.set_default_timeout(120_000)
            start = time.monotonic()
            page.goto(link)
            page.fill("input[name=username]", BROWSER_STUDENT)
            page.fill("input[name=password]", "any")
            page.locator("input[type=submit], button[type=submit]").first.click()
            current_tab("00_start_here.ipynb", page).wait_for(timeout=180_000)
            page.locator(".jp-NotebookPanel:visible .jp-Notebook").first.wait_for()
            assert f"/user/{BROWSER_STUDENT}/" in page.url, page.url
            report(f"{BROWSER_STUDENT} (Chromium): the link logged in, cloned and opened 00_start_here "
                   f"in {time.monotonic() - start:.1f} s")
            page.goto(f"{hub_url}/user/{BROWSER_STUDENT}/lab/tree/{REPO_NAME}/{NOTEBOOK_01}")
            current_tab(Path(NOTEBOOK_01).name, page).wait_for()
            panel = page.locator(".jp-NotebookPanel:visible").first
            panel.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(timeout=120_000)
            panel.locator(".jp-Notebook").click(position={"x": 5, "y": 5})
            page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
            page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
            page.wait_for_function(ALL_RAN, arg=panel.element_handle(), timeout=300_000, polling=200)
            panel.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(timeout=120_000)
            errors = panel.locator(ERRORS).all_inner_texts()
            assert not errors, f"{BROWSER_STUDENT}: 01 raised: {errors[:2]}"
            cell = panel.locator(".jp-CodeCell").filter(has=page.locator(".jp-OutputArea .bpcore-range input[type=range]")).first
            handle = cell.locator(".bpcore-range input[type=range]").first
            handle.scroll_into_view_if_needed()
            before = cell.evaluate(FIGURE_STATE)
            handle.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function(f"([c, b]) => ({FIGURE_STATE})(c) !== b", arg=[cell.element_handle(), before],
                                   timeout=30_000, polling=100)
            report(f"{BROWSER_STUDENT} (Chromium): ran 01 with no error and a slider redrew its figure")
            page.screenshot(path=str(HERE / "screenshots" / "01_on_the_hub.png"))
        except Exception:
            page.screenshot(path=str(HERE / "screenshots" / "failure.png"))
            print(f"browser at {page.url}, screenshot tests/hub/screenshots/failure.png")
            raise
        finally:
            browser.close()


# --- the test ------------------------------------------------------------------------------------

def test_a_class_on_jupyterhub(tmp_path, report):
    started = time.monotonic()
    (HERE / "screenshots").mkdir(exist_ok=True)
    chp = proxy_command()
    taken = set()

    def port():
        taken.add(free_port(taken))
        return max(taken)

    ports = {"git": port(), "hub_public": port(), "hub_api": port(), "proxy_api": port()}
    first_user = free_port(taken)
    ports["users"] = range(first_user, min(first_user + STUDENTS + 5, 8890))
    git_url = f"http://127.0.0.1:{ports['git']}/{REPO_NAME}"
    hub_url = f"http://127.0.0.1:{ports['hub_public']}"

    work, bare, branch = instructor_repository(tmp_path)
    git_server = git_http_server(bare.parent, ports["git"])
    processes = []
    try:
        links_out, link, params = printed_link(work, hub_url, git_url)
        assert "c.Spawner.environment" in links_out and "OPENBLAS_NUM_THREADS" in links_out
        t0 = time.monotonic()
        env_dir = hub_environment(work, git_url, branch)
        report(f"hub environment (install lines of `links --hub`, JupyterHub): {time.monotonic() - t0:.0f} s, "
               "pip check clean")
        token = secrets.token_hex(16)
        config, homes = write_config(tmp_path, env_dir, chp, ports, token)
        hub_process, hub = start_hub(tmp_path, env_dir, config, hub_url, token)
        processes.append(hub_process)

        names = [f"student{i:02d}" for i in range(1, STUDENTS + 1)]
        with MemorySampler([BROWSER_STUDENT, *names]) as memory:
            # 1. One student in Chromium.
            browser_student(link, hub_url, report)

            # 2. The class through the REST API: log in, start, click the link, run 01, all at once.
            hub.api("/users", "POST", {"usernames": names})
            starts = {}

            async def student(name):
                t = time.monotonic()
                await asyncio.to_thread(hub.api, f"/users/{name}/server", "POST")
                await asyncio.to_thread(hub.wait_ready, name)
                starts[name] = time.monotonic() - t
                await asyncio.to_thread(hub.pull, name, params["repo"], params["branch"])
                codes = await asyncio.to_thread(code_cells, hub, name)
                return await run_cells(hub, name, f"{REPO_NAME}/{NOTEBOOK_01}", codes)

            t0 = time.monotonic()
            async def everyone():
                return await asyncio.wait_for(
                    asyncio.gather(*(student(n) for n in names), return_exceptions=True), 900)

            results = asyncio.run(everyone())
            class_s = time.monotonic() - t0
            # leaving the block takes one more memory sample, after the last cell

        failures = []
        report(f"{STUDENTS} students at once, each: start server, click the link, run 01 top to bottom "
               f"(wall {class_s:.0f} s on {os.cpu_count()} cores):")
        report("| student | server start | 01 run | CPU-s for 01 | peak memory (server + kernel) | errors |")
        report("|---|---|---|---|---|---|")
        for name, result in zip(names, results):
            if isinstance(result, BaseException):
                failures.append(f"{name}: " + "".join(traceback.format_exception(result))[-1500:])
                report(f"| {name} | - | - | - | {memory.peak_mb[name]:.0f} MB | {type(result).__name__}: {result} |")
                continue
            failures += [f"{name}: {error}" for error in result["errors"]]
            report(f"| {name} | {starts[name]:.1f} s | {result['seconds']:.1f} s | {result['cpu_s']:.1f} | "
                   f"{memory.peak_mb[name]:.0f} MB | {len(result['errors']) or 'none'} |")
        report(f"{BROWSER_STUDENT} (Chromium, 00 and 01 open, 01 run): peak memory {memory.peak_mb[BROWSER_STUDENT]:.0f} MB")
        ok = [r for r in results if not isinstance(r, BaseException) and not r["errors"]]
        if ok:
            cpu = sorted(r["cpu_s"] for r in ok)
            mem = sorted(memory.peak_mb[n] for n, r in zip(names, results) if r in ok)
            report(f"per student: CPU-s for 01 median {cpu[len(cpu) // 2]:.1f} (max {cpu[-1]:.1f}); peak memory "
                   f"median {mem[len(mem) // 2]:.0f} MB (max {mem[-1]:.0f}); server start median "
                   f"{sorted(starts.values())[len(starts) // 2]:.1f} s (max {max(starts.values()):.1f})")
            report(f"documented (scripts/hub_admin.py MEASURED): {hub_admin.MEASURED['memory_mb_01']} MB, "
                   f"{hub_admin.MEASURED['cpu_s_01']} CPU-s")
            limit_mb = int(hub_admin.MEMORY_LIMIT.rstrip("G")) * 1024
            if mem[-1] > limit_mb:
                failures.append(f"peak memory {mem[-1]:.0f} MB is over the documented limit {hub_admin.MEMORY_LIMIT}")
        assert not failures, "students failed:\n" + "\n".join(failures)

        # 3. Updates: one student's edit stays, the instructor's change arrives.
        name = names[0]
        model = hub.contents(name, f"{REPO_NAME}/{NOTEBOOK_01}")
        note = "# my note: m = 10 looked best"
        model["content"]["cells"].append({"cell_type": "code", "metadata": {}, "source": note,
                                          "outputs": [], "execution_count": None})
        hub.contents(name, f"{REPO_NAME}/{NOTEBOOK_01}", {"type": "notebook", "format": "json",
                                                         "content": model["content"]})
        # bpcore's save hook runs in the student's server (install_lines): saved widget state is
        # turned into pictures, so a notebook saved with some is stored without it.
        probe_nb = dict(model["content"], metadata=dict(model["content"]["metadata"], widgets={
            "application/vnd.jupyter.widget-state+json": {"version_major": 2, "version_minor": 0, "state": {}}}))
        hub.contents(name, f"{REPO_NAME}/hook_probe.ipynb", {"type": "notebook", "format": "json",
                                                             "content": probe_nb})
        stored = json.loads((homes / name / REPO_NAME / "hook_probe.ipynb").read_text())
        assert "widgets" not in stored["metadata"], "bpcore's save hook did not run in the student's server"
        (homes / name / REPO_NAME / "hook_probe.ipynb").unlink()
        marker = f"update-{secrets.token_hex(4)}"
        init = work / "bpcore" / "__init__.py"
        init.write_text(init.read_text() + f'\nCOURSE_UPDATE = "{marker}"  # pushed after class started\n')
        (work / "notebooks" / "exercises_week2.md").write_text("# Week 2\n\nNew exercises, as a new file.\n")
        sh("git", "-C", work, "add", "-A")
        sh("git", "-C", work, "commit", "-q", "-m", "Week 2: bpcore change and new exercises")
        sh("git", "-C", work, "push", "-q", "local", f"HEAD:{branch}")
        events = hub.pull(name, params["repo"], params["branch"])
        probe = await_probe(hub, name)
        assert probe["errors"] == [], probe["errors"]
        update, where, threads = probe["outputs"][-1].split()
        home = homes / name
        report(f"update: after the instructor's push and the link again, {name}'s next kernel has "
               f"bpcore.COURSE_UPDATE = {update!r} from {where}; OPENBLAS_NUM_THREADS={threads}")
        assert update == marker, f"the kernel runs the old bpcore ({update!r}, from {where}): the update did not reach it"
        assert Path(where).resolve().is_relative_to((home / REPO_NAME).resolve()), where
        assert threads == "1", "OPENBLAS_NUM_THREADS=1 did not reach the kernel"
        assert (home / REPO_NAME / "notebooks" / "exercises_week2.md").is_file(), "the new file did not arrive"
        kept = json.loads((home / REPO_NAME / NOTEBOOK_01).read_text())
        assert any("".join(c["source"]) == note for c in kept["cells"]), "the student's edit of 01 was lost"
        report(f"update: the new file arrived and {name}'s own cell in 01 is still there "
               f"(nbgitpuller said: {' / '.join(e.get('output', '').strip() for e in events if e.get('output'))[-200:]})")
    finally:
        for process in processes:
            stop_tree(process, timeout=60)
        git_server.shutdown()
        report(f"hub test total: {time.monotonic() - started:.0f} s")


def await_probe(hub, name):
    code = ("import os, bpcore; print(getattr(bpcore, 'COURSE_UPDATE', 'none'), bpcore.__file__, "
            "os.environ.get('OPENBLAS_NUM_THREADS', 'unset'))")
    return asyncio.run(run_cells(hub, name, f"{REPO_NAME}/{NOTEBOOK_01}", [code]))
