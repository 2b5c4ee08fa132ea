"""Re-execute notebooks top to bottom and store their outputs: the only way outputs are made.

    python3 tasks.py notebooks                        every notebook in notebooks/
    python3 tasks.py notebooks notebooks/03_*.ipynb   only these

Each runs in a fresh kernel of this environment, from the notebooks/ folder, like Restart & Run
All in JupyterLab; a cell that raises stops the run with the error. Widget state is not stored
(it would only hold model ids that change every run).
"""
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
# Kernels inherit this: one BLAS thread, as in `pytest --nbval` (see conftest.py).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def execute(path):
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                            store_widget_state=False)
    client.execute()
    for cell in nb.cells:  # keep diffs small: no per-run execution timestamps
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


def main(args):
    paths = [Path(a).resolve() for a in args] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        start = time.perf_counter()
        print(f"{path.relative_to(ROOT)} ...", end=" ", flush=True)
        execute(path)
        print(f"{time.perf_counter() - start:.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
