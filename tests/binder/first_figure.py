"""Time to first figure: run a notebook top to bottom in a fresh kernel, as a student's Run All
on a new Binder session does, and print (as one JSON line) how long it took from asking for the
kernel until the kernel was ready, and until the first figure arrived: the first output that
carries a picture (image/png or image/svg+xml) or a widget (a live figure); and how long each
code cell before it took.

    python first_figure.py NOTEBOOK        run by the Binder test with the built environment's python

Stops at the first figure; a notebook without one runs to its end and reports null.
"""
import json
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

FIGURE = ("image/png", "image/svg+xml", "application/vnd.jupyter.widget-view+json")


def main(path):
    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    result = {"notebook": path.name, "kernel_ready_s": None, "first_figure_s": None, "cell": None, "cells_s": {}}
    start = time.perf_counter()
    with client.setup_kernel():
        result["kernel_ready_s"] = time.perf_counter() - start
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            before = time.perf_counter()
            client.execute_cell(cell, index)
            result["cells_s"][index] = round(time.perf_counter() - before, 2)
            if any(any(kind in output.get("data", {}) for kind in FIGURE) for output in cell.outputs):
                result["first_figure_s"] = time.perf_counter() - start
                result["cell"] = index
                break
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
