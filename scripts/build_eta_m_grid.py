"""Build bpcore/_data/eta_m_grid.npz: test accuracy after training, over a grid of η × m.

    python scripts/build_eta_m_grid.py

Each cell is one run of `bpcore.lessons.training_run.train_run`, the dashboard's own training run: a
fresh [784, 30, 10] network (seed 0), EPOCHS epochs of mini-batch SGD with the quadratic cost
on the 8,000 shipped training images (shuffling seed 0), then accuracy on the 2,000 test
images. Every cell trains for the same number of epochs, that is the same number of
gradient evaluations of single examples, whatever m is.

The file is written with pinned zip metadata, so its bytes depend only on the numbers. The
script prints its SHA-256: put it in `_GRID_SHA256` in bpcore/lessons/eta_m_grid.py.
About a minute on a quiet 2-core machine (the m = 1 and m = 2 columns take most of it).
"""
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bpcore import load_mnist  # noqa: E402
from bpcore.lessons.training_dashboard.training_run import BATCH_SIZES, train_run  # noqa: E402
from reproducible_npz import write_npz  # noqa: E402  (scripts/reproducible_npz.py)

OUT = ROOT / "bpcore" / "_data" / "eta_m_grid.npz"
ETAS = 10.0 ** np.arange(-2, 2.01, 0.5)     # 0.01, 0.0316, ..., 100: half a decade apart
EPOCHS, HIDDEN, SEED = 2, 30, 0


def main():
    data = load_mnist()
    (X, _), (X_test, _) = data
    m = np.array(BATCH_SIZES, dtype=np.int64)
    shape = (len(ETAS), len(m))
    acc, cost = np.zeros(shape), np.zeros(shape)
    stalled, diverged = np.zeros(shape, dtype=bool), np.zeros(shape, dtype=bool)
    start = time.perf_counter()
    for i, eta in enumerate(ETAS):
        for j, batch in enumerate(m):
            run = train_run(data, eta, batch, EPOCHS, HIDDEN, SEED)
            acc[i, j], cost[i, j] = run.final_accuracy, run.final_cost
            stalled[i, j], diverged[i, j] = run.stalled, run.diverged
        print(f"η = {eta:8.4g}: " + " ".join(f"{a:5.3f}" for a in acc[i])
              + f"   ({time.perf_counter() - start:.0f} s)", flush=True)
    write_npz(OUT, {
        "eta": ETAS, "m": m, "accuracy": acc, "train_cost": cost, "stalled": stalled, "diverged": diverged,
        "epochs": np.int64(EPOCHS), "hidden": np.int64(HIDDEN), "seed": np.int64(SEED),
        "n_train": np.int64(X.shape[1]), "n_test": np.int64(X_test.shape[1]),
    })
    print(f"wrote {OUT.relative_to(ROOT)}")
    print(f"SHA-256: {hashlib.sha256(OUT.read_bytes()).hexdigest()}")


if __name__ == "__main__":
    main()
