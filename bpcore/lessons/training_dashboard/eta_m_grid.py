"""The η × m map (notebook 07, beyond the lecture): test accuracy after a short training, over a
grid of learning rates η and mini-batch sizes m, one seeded `training_run.train_run` per cell.

The grid is precomputed by `scripts/build_eta_m_grid.py` (a minute or two) and shipped as
bpcore/_data/eta_m_grid.npz; `load_eta_m_grid` reads it with bpcore's one checked loader
(`bpcore._npz`: its SHA-256 first, never pickle). `grid_figure` draws it as a heatmap whose
cells carry their accuracy as text, in black or white, whichever contrasts more with the cell
(`kit.figures.label_colour`, by WCAG 2.1's contrast ratio).
"""
from pathlib import Path

import numpy as np

from bpcore._npz import load_checked_npz
from bpcore.lessons.kit.figures import label_colour, new_figure

from .training_run import STALL_ACCURACY

__all__ = ["EtaMGrid", "load_eta_m_grid", "plot_eta_m_grid", "grid_figure"]

_GRID_PATH = Path(__file__).parents[2] / "_data" / "eta_m_grid.npz"
_GRID_SHA256 = "25a66c815a63f7df944b0730315f804a93673969da2c3c05b9f80e8ff874ae77"
_REBUILD = "python scripts/build_eta_m_grid.py"


class EtaMGrid:
    """Test accuracy after training, over a grid of η × m (one run per cell, all seeded).

    eta : (n_eta,) learning rates;  m : (n_m,) mini-batch sizes
    accuracy, train_cost : (n_eta, n_m) final test accuracy and training cost C
    stalled, diverged : (n_eta, n_m) bool, as `train_run` reports them
    epochs, hidden, seed, n_train, n_test : the settings shared by every cell
    """

    def __init__(self, arrays):
        self.eta, self.m = arrays["eta"], arrays["m"]
        self.accuracy, self.train_cost = arrays["accuracy"], arrays["train_cost"]
        self.stalled, self.diverged = arrays["stalled"], arrays["diverged"]
        for name in ("epochs", "hidden", "seed", "n_train", "n_test"):
            setattr(self, name, int(arrays[name]))

    def best_per_m(self):
        """For each m, (η, accuracy) of its most accurate run among those that learned: neither
        stalled nor diverged, and at least `STALL_ACCURACY` correct (chance is 10%). Where no
        run of that m learned, (None, the highest accuracy any of its runs reached): a stalled
        run's near-chance accuracy names no best η."""
        learned = ~self.stalled & ~self.diverged & (self.accuracy >= STALL_ACCURACY)
        result = []
        for j in range(len(self.m)):
            column = np.where(learned[:, j], self.accuracy[:, j], -np.inf)
            i = int(np.argmax(column))
            result.append((float(self.eta[i]), float(self.accuracy[i, j])) if learned[i, j]
                          else (None, float(self.accuracy[:, j].max())))
        return result

    def best(self):
        """(η, m, accuracy) of the cell with the highest test accuracy."""
        i, j = np.unravel_index(np.argmax(self.accuracy), self.accuracy.shape)
        return float(self.eta[i]), int(self.m[j]), float(self.accuracy[i, j])


def load_eta_m_grid(path=None, sha256=None):
    """The precomputed η × m grid as an EtaMGrid, after checking the file's SHA-256 (a
    `bpcore._npz.ChecksumError` names the rebuild when it differs)."""
    return EtaMGrid(load_checked_npz(_GRID_PATH if path is None else path, sha256 or _GRID_SHA256, _REBUILD))


def _log_edges(values):
    """Cell edges for values on a log axis: geometric midpoints, and half a step outside."""
    v = np.log10(np.asarray(values, dtype=float))
    mid = (v[1:] + v[:-1]) / 2
    return 10 ** np.concatenate([[v[0] - (mid[0] - v[0])], mid, [v[-1] + (v[-1] - mid[-1])]])


def plot_eta_m_grid(grid, ax):
    """Heatmap of the test accuracy over m (x, log scale) and η (y, log scale) on `ax`, each
    cell labelled with its accuracy in % ("st" where the run stalled with saturated outputs,
    "div" where its weights overflowed). Colour map viridis (readable with colour-vision
    deficiency), the numbers in the cells carry the same information. Returns the mesh, for a
    colorbar."""
    mesh = ax.pcolormesh(_log_edges(grid.m), _log_edges(grid.eta), grid.accuracy,
                         vmin=0, vmax=1, cmap="viridis")
    for i, eta in enumerate(grid.eta):
        for j, m in enumerate(grid.m):
            acc = grid.accuracy[i, j]
            text = "div" if grid.diverged[i, j] else "st" if grid.stalled[i, j] else f"{100 * acc:.0f}"
            ax.text(m, eta, text, ha="center", va="center", fontsize=11,
                    color=label_colour(mesh.to_rgba(acc)))   # contrast ≥ 4.5:1 on its cell
    ax.set(xscale="log", yscale="log", xlabel="mini-batch size $m$ (log scale)",
           ylabel="learning rate $\\eta$ (log scale)",
           title=f"test accuracy after {grid.epochs} epochs on {grid.n_train:,} images "
                 f"([784, {grid.hidden}, 10], seed {grid.seed})")
    ax.set_xticks(grid.m, [str(int(m)) for m in grid.m])
    ax.set_yticks(grid.eta, [f"{e:.3g}" for e in grid.eta])
    ax.minorticks_off()
    return mesh


def grid_figure(grid):
    """The heatmap with its colour bar, and its text alternative from the same numbers."""
    fig, ax = new_figure((10, 5.2))
    mesh = plot_eta_m_grid(grid, ax)
    fig.colorbar(mesh, ax=ax, label=f"test accuracy ({grid.n_test:,} images)")
    eta_best, m_best, acc_best = grid.best()
    per_m = ", ".join(f"m = {m}: " + (f"η = {eta:.3g}" if eta is not None else "none learned")
                      for m, (eta, _) in zip(grid.m, grid.best_per_m()))
    alt = (f"Heatmap of the test accuracy after {grid.epochs} epochs over m (x, log scale) and η "
           "(y, log scale), each cell labelled with its accuracy in %, 'st' (stalled) or 'div' "
           f"(diverged). The best cell is η = {eta_best:.3g}, m = {m_best} ({acc_best:.0%}); "
           f"{int(grid.stalled.sum())} cells stalled, {int(grid.diverged.sum())} diverged. The best "
           f"η for each m among the runs that learned (not stalled, at least {STALL_ACCURACY:.0%} correct): {per_m}.")
    return fig, alt
