#!/usr/bin/env python3
"""Project commands. Each sets up ./.venv from requirements.txt first (only when that file
changed since the last set-up), then runs inside it. Needs only Python 3.11+.

    python3 tasks.py lab         open the notebooks in JupyterLab
    python3 tasks.py test        run every unit test and validate every notebook (pytest --nbval)
    python3 tasks.py notebooks   re-execute every notebook top to bottom and store its outputs
    python3 tasks.py bench       print the speed benchmark
    python3 tasks.py browser     the real-browser test of JupyterLab (needs Debian's chromium)
    python3 tasks.py binder      simulate the Binder build and run the notebooks in it
    python3 tasks.py ci          what CI runs: test, then browser and binder

Extra arguments are passed on, e.g. `python3 tasks.py test -x -k backprop`.
"""
import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".requirements.sha256"


def setup():
    """Create .venv and install requirements.txt into it, unless that is done already."""
    wanted = hashlib.sha256(b"".join(
        (ROOT / f).read_bytes() for f in ("requirements.txt", "binder/requirements.txt", "pyproject.toml")
    )).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists() and not (BIN / "python.exe").exists():
        print("Creating .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installing requirements.txt into .venv (first time: a few minutes) ...", flush=True)
    run("python", "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r", "requirements.txt")
    STAMP.write_text(wanted)


def run(tool, *args, env=None):
    exe = BIN / tool
    cmd = [str(exe if exe.exists() or os.name != "nt" else exe.with_suffix(".exe")), *args]
    result = subprocess.run(cmd, cwd=ROOT, env=env)
    if result.returncode:
        sys.exit(result.returncode)


def main(argv):
    # Notebook kernels inherit this: one BLAS thread is faster on a busy or one-CPU machine.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    command, extra = (argv[0], argv[1:]) if argv else ("help", [])
    if command not in COMMANDS:
        print(__doc__)
        sys.exit(0 if command == "help" else 2)
    setup()
    COMMANDS[command](extra)


COMMANDS = {
    "lab": lambda extra: run("jupyter", "lab", "notebooks/00_start_here.ipynb", *extra),
    "test": lambda extra: run("pytest", "--nbval", *extra),
    "notebooks": lambda extra: run("python", "scripts/run_notebooks.py", *extra),
    "bench": lambda extra: run("python", "benchmarks/bench_sgd.py", *extra),
    "browser": lambda extra: run("pytest", "-m", "browser", "tests/browser", *extra),
    "binder": lambda extra: run("pytest", "-m", "binder", "tests/binder", *extra),
    "ci": lambda extra: [COMMANDS[c](extra) for c in ("test", "browser", "binder")],
}

if __name__ == "__main__":
    main(sys.argv[1:])
