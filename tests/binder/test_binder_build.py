"""The Binder build, simulated as closely as a machine without Docker allows.

Binder runs repo2docker on the committed tree. Because binder/ exists, repo2docker reads only
binder/: it installs the Python of binder/runtime.txt, runs
`pip install -r binder/requirements.txt`, then `./binder/postBuild`, both as the notebook user
with the repository's root as working directory and as $HOME; at every launch it runs
JupyterLab through `binder/start` if there is one. This test does the same in a
fresh virtual environment: it exports the committed tree (`git archive HEAD`), builds it,
checks that the image would be quiet and would start where the Binder badge points, and
validates every notebook with `pytest --nbval` in it, recording each kernel's peak memory
(Binder allows 2 GB; the test asserts < 1 GB). It reports the built environment's size and the
time to first figure: from asking for a kernel to the first figure of the start notebook and of
01, as a student's Run All on a new session sees it (first and second run; reported, not asserted,
since this machine's load sets the pace).

    python3 tasks.py binder                          the committed tree (HEAD)
    BINDER_TREE=worktree python3 tasks.py binder     the working tree, uncommitted changes too

Before binder/requirements.txt, the environment gets repo2docker's own base environment
(tests/binder/repo2docker-base-py311.txt: JupyterLab 4.4.9, Notebook 7.4.7, jupyterhub-singleuser
5.4.0, ...), as the real image has it; the test fails if pip reports a conflict while installing
the list or `pip check` finds the built environment inconsistent.

Differences from Binder, by necessity: a venv with the base environment's Python packages from PyPI
instead of repo2docker's conda environment (conda's native libraries are this machine's), this
machine's OS and pip index and pip's download cache, and the Python of runtime.txt only if this
machine has it (else the current one, said).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import psutil
import pytest
from exported_tree import export_tree

pytestmark = pytest.mark.binder

ROOT = Path(__file__).resolve().parents[2]
LAUNCH_NOTEBOOK = "notebooks/00_start_here.ipynb"  # where the Binder badge opens JupyterLab
FIRST_FIGURE = ["notebooks/00_start_here.ipynb", "notebooks/01_stochastic_gradient_descent.ipynb"]
MEMORY_LIMIT_MB = 1024
# repo2docker's base environment for Python 3.11, as PyPI packages (see the file's header).
BASE_ENVIRONMENT = Path(__file__).resolve().parent / "repo2docker-base-py311.txt"


def python_for(runtime):
    """A Python of the version runtime.txt asks for (python-X.Y), and a note if there is none."""
    match = re.fullmatch(r"python-(\d+)\.(\d+)(\.\d+)?", runtime)
    assert match, f"binder/runtime.txt should read python-X.Y, not {runtime!r}"
    wanted = f"{match[1]}.{match[2]}"
    for candidate in (shutil.which(f"python{wanted}"), sys.executable):
        if candidate:
            version = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                                     capture_output=True, text=True).stdout.strip()
            if version == wanted:
                return candidate, f"Python {wanted} as runtime.txt asks"
    return sys.executable, f"Python {sys.version_info[0]}.{sys.version_info[1]}: no Python {wanted} here"


def build_environment(home, env_dir):
    """What a build step sees on Binder: $HOME is the repository, the environment's bin/ first
    on PATH, no trace of this machine's virtualenv, Jupyter or matplotlib settings. pip keeps
    this machine's configuration and download cache (Binder downloads afresh)."""
    drop = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE", "PYTHONSTARTUP",
            "MPLCONFIGDIR", "MPLBACKEND", "IPYTHONDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
            "XDG_DATA_HOME", "XDG_RUNTIME_DIR", "PYTEST_ADDOPTS", "PYTEST_PLUGINS")
    env = {k: v for k, v in os.environ.items()
           if k not in drop and not k.startswith(("JUPYTER", "JPY_", "CONDA", "PYTEST_"))}
    env.setdefault("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))
    here = str(Path(sys.executable).parent)
    path = [p for p in env.get("PATH", "/usr/bin:/bin").split(os.pathsep) if p and p != here]
    env.update(HOME=str(home), PATH=os.pathsep.join([str(env_dir / "bin"), str(home / ".local" / "bin"), *path]),
               LANG=env.get("LANG", "C.UTF-8"))
    return env


def step(cmd, cwd, env, timeout=1800):
    """Run one build step; fail the test with its output if it fails."""
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode:
        pytest.fail(f"{' '.join(map(str, cmd))} failed ({result.returncode}):\n"
                    f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def peak_rss_kb(pid):
    """The process's peak resident memory so far (VmHWM), in kB."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return psutil.Process(pid).memory_info().rss // 1024  # not Linux: sampled, a lower bound


def run_measuring_kernels(cmd, cwd, env, timeout=900):
    """Run cmd; sample the peak memory of every Jupyter kernel it starts. Returns the result
    and {pid: peak kB} of the kernels."""
    process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    peaks, done = {}, threading.Event()

    def sample():
        parent = psutil.Process(process.pid)
        while not done.is_set():
            try:
                children = parent.children(recursive=True)
            except psutil.NoSuchProcess:
                return
            for child in children:
                try:
                    if child.pid in peaks or "ipykernel" in " ".join(child.cmdline()):
                        peaks[child.pid] = max(peaks.get(child.pid, 0), peak_rss_kb(child.pid))
                except (psutil.Error, OSError):
                    pass
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        output, _ = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        done.set()
        sampler.join()
    return subprocess.CompletedProcess(cmd, process.returncode, output), peaks


def disk_mb(path):
    """What a folder takes on disk (allocated blocks, as du counts), in MB."""
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                st = os.lstat(os.path.join(folder, name))
            except OSError:
                continue
            total += getattr(st, "st_blocks", 0) * 512 or st.st_size
    return total / 1e6


def time_to_first_figure(launch, python, repo, env, notebook):
    """{kernel_ready_s, first_figure_s, cell} of one run of first_figure.py on the notebook."""
    script = Path(__file__).resolve().parent / "first_figure.py"
    result = step([*launch, python, str(script), notebook], repo, env, timeout=600)
    return json.loads(result.stdout.strip().splitlines()[-1])


def check_lab_opens_launch_notebook(repo, env, jupyter, log, free_port):
    """JupyterLab of the built environment starts and serves the page the Binder badge opens."""
    port, token = free_port(), "binder-simulation"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [*jupyter, "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
             "--port-retries=0", f"--IdentityProvider.token={token}", "--allow-root"],
            cwd=repo, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                url = f"http://127.0.0.1:{port}/lab/tree/{LAUNCH_NOTEBOOK}?token={token}"
                with urllib.request.urlopen(url, timeout=10) as response:
                    assert response.status == 200
                    page = response.read().decode()
                break
            except OSError:
                assert server.poll() is None, f"JupyterLab exited:\n{log.read_text()[-4000:]}"
                assert time.monotonic() < deadline, "JupyterLab did not start within 120 s"
                time.sleep(0.5)
        assert "jupyter-config-data" in page, "no JupyterLab page at the Binder launch URL"
    finally:
        try:
            parent = psutil.Process(server.pid)
            tree = [parent, *parent.children(recursive=True)]
        except psutil.NoSuchProcess:
            tree = []
        server.terminate()
        _, alive = psutil.wait_procs(tree, timeout=30)
        for p in alive:
            p.kill()
        server.wait(10)


def test_binder_build(tmp_path, report, free_port):
    started = time.perf_counter()
    repo = tmp_path / "repo"  # repo2docker: REPO_DIR = $HOME
    repo.mkdir()
    source = export_tree(repo)
    for name in ("binder/requirements.txt", "binder/runtime.txt", "binder/postBuild", LAUNCH_NOTEBOOK):
        assert (repo / name).is_file(), (
            f"{name} is missing from the {source}: Binder would not see it "
            "(commit it, or try the working tree with BINDER_TREE=worktree)")
    python, python_note = python_for((repo / "binder" / "runtime.txt").read_text().strip())
    env_dir = tmp_path / "env"  # repo2docker: ${KERNEL_PYTHON_PREFIX}
    env = build_environment(repo, env_dir)
    bin_dir = env_dir / "bin"

    step([python, "-m", "venv", str(env_dir)], repo, env)
    # repo2docker's own base environment first (JupyterLab, Notebook, jupyterhub-singleuser, ...),
    # as the image has it before binder/requirements.txt is installed.
    step([str(bin_dir / "pip"), "install", "--disable-pip-version-check", "-q", "-r", str(BASE_ENVIRONMENT)],
         repo, env)
    pip = time.perf_counter()
    installed = step([str(bin_dir / "pip"), "install", "--disable-pip-version-check", "-r",
                      "binder/requirements.txt"], repo, env)
    # pip installs an inconsistent set with only this message (exit 0), as on Binder.
    conflicts = [line for line in installed.stderr.splitlines() if "requires" in line or "incompatible" in line]
    assert not conflicts, ("binder/requirements.txt breaks repo2docker's base environment:\n"
                           + "\n".join(conflicts))
    post = time.perf_counter()
    (repo / "binder" / "postBuild").chmod(0o755)  # as repo2docker does
    step(["./binder/postBuild"], repo, env)
    built = time.perf_counter()
    check = subprocess.run([str(bin_dir / "pip"), "check"], cwd=repo, env=env, capture_output=True, text=True)
    report(f"pip check in the built image: {check.stdout.strip() or check.stderr.strip()}")
    assert check.returncode == 0, f"the built image is inconsistent (pip check):\n{check.stdout}{check.stderr}"
    # At launch, repo2docker's entrypoint runs the server through binder/start, if present.
    start = repo / "binder" / "start"
    if start.is_file():
        start.chmod(0o755)
    launch = [str(start)] if start.is_file() else []
    report(f"source: {source}; {python_note}" + ("; launching through binder/start" if launch else ""))
    report(f"build: {built - started:.0f} s (venv {pip - started:.0f} s, pip install -r binder/requirements.txt "
           f"{post - pip:.0f} s, postBuild {built - post:.0f} s)")

    # The image is quiet: postBuild built matplotlib's font cache, and bpcore imports silently.
    for code in ("import matplotlib.pyplot", "import bpcore, bpcore.lessons.kit.widgets"):
        quiet = step([*launch, str(bin_dir / "python"), "-c", code], repo, env)
        assert quiet.stdout == quiet.stderr == "", f"`{code}` printed:\n{quiet.stdout}{quiet.stderr}"
    where = step([str(bin_dir / "python"), "-c", "import bpcore; print(bpcore.__file__)"], repo, env).stdout.strip()
    assert Path(where).resolve().is_relative_to(repo.resolve()), f"bpcore comes from {where}, not the repository"
    extensions = step([str(bin_dir / "jupyter"), "labextension", "list"], repo, env)
    widgets = [line for line in (extensions.stdout + extensions.stderr).splitlines()
               if "@jupyter-widgets/jupyterlab-manager" in line]
    assert widgets and "enabled" in widgets[0] and "OK" in widgets[0], (
        f"the ipywidgets JupyterLab extension is not installed and enabled:\n{extensions.stderr}")
    check_lab_opens_launch_notebook(repo, env, [*launch, str(bin_dir / "jupyter")], tmp_path / "jupyterlab.log",
                                    free_port)

    # What a class waits for: the image's size (Binder pulls it onto a node before the first launch
    # there) and the time from a new kernel to the first figure of the start notebook and of 01.
    report(f"built environment: {disk_mb(env_dir):.0f} MB in {env_dir.name}/ "
           f"(repository {disk_mb(repo):.0f} MB)")
    for notebook in FIRST_FIGURE:
        if not (repo / notebook).is_file():
            report(f"{notebook}: not in the tree, no time to first figure")
            continue
        runs = [time_to_first_figure(launch, str(bin_dir / "python"), repo, env, notebook) for _ in range(2)]
        shown = "; ".join(
            f"kernel ready {r['kernel_ready_s']:.1f} s, "
            + (f"first figure {r['first_figure_s']:.1f} s (cell {r['cell']})" if r["first_figure_s"] is not None
               else "no figure in the notebook")
            for r in runs)
        report(f"{notebook}: time to first figure, first run: {shown.replace('; ', '; second run: ', 1)}")
        report(f"  seconds per code cell up to it (second run), by cell index: {runs[1]['cells_s']}")

    # Every notebook validates in the built environment, one kernel each, well under Binder's 2 GB.
    notebooks = sorted((repo / "notebooks").glob("*.ipynb"))
    assert notebooks, "no notebooks in the tree"
    failures, peaks_mb = [], {}
    for notebook in notebooks:
        name = notebook.relative_to(repo).as_posix()
        t0 = time.perf_counter()
        result, kernels = run_measuring_kernels(
            [*launch, str(bin_dir / "python"), "-m", "pytest", "--nbval", "-q", "-p", "no:cacheprovider", name],
            repo, env)
        seconds = time.perf_counter() - t0
        peak = max(kernels.values(), default=0) / 1024
        peaks_mb[name] = peak
        report(f"{name}: pytest --nbval {'passed' if result.returncode == 0 else 'FAILED'} in {seconds:.1f} s, "
               f"kernel peak memory {peak:.0f} MB" + (f" ({len(kernels)} kernels)" if len(kernels) > 1 else ""))
        if result.returncode:
            failures.append(f"{name}:\n{result.stdout[-3000:]}")
        elif not kernels:
            failures.append(f"{name}: no kernel was seen, so its memory is unknown")
    report(f"binder simulation total: {time.perf_counter() - started:.0f} s")
    assert not failures, "notebooks failed in the Binder environment:\n" + "\n".join(failures)
    heavy = {name: f"{mb:.0f} MB" for name, mb in peaks_mb.items() if mb >= MEMORY_LIMIT_MB}
    assert not heavy, f"kernels over {MEMORY_LIMIT_MB} MB (Binder's limit is 2 GB): {heavy}"
