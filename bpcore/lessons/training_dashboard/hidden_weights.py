"""What the hidden neurons learned: row j of w² holds the 784 weights from the pixels into hidden
neuron j, so it can be drawn as a 28 × 28 image (notebook 07, and the dashboard's last run).

Three rows of images: at initialisation, after training, and the change. Colour map RdBu,
centred at 0 by a symmetric norm (white is exactly 0): the first two rows share one scale, the
change has its own. BP4, ∂C/∂w²_jk = a¹_k δ²_j, is 0 for a pixel k that is 0 in every training
image, so those weights never change.
"""
import numpy as np
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from bpcore.lessons.kit.figures import DPI, MIN_TEXT

__all__ = ["draw_hidden_weights", "update_hidden_weights", "describe_hidden_weights",
           "hidden_weights_figure", "WEIGHT_CMAP"]

WEIGHT_CMAP = "RdBu"      # diverging, readable with colour-vision deficiency; centred at 0
ROWS = ("at start", "trained", "change")
FONT = MIN_TEXT + 1       # a point above the lessons' smallest text: the labels of small panels


def draw_hidden_weights(fig, neurons=10):
    """Three rows of `neurons` blank 28 × 28 images on `fig` with their labels and two colour
    bars; returns the images, row by row, for `update_hidden_weights`."""
    axes = fig.subplots(3, neurons, squeeze=False)
    images = [[ax.imshow(np.zeros((28, 28)), cmap=WEIGHT_CMAP, norm=Normalize(-1, 1))
               for ax in row] for row in axes]
    for row, name in zip(axes, ROWS):
        row[0].set_ylabel(name, fontsize=FONT)
    for j, ax in enumerate(axes[0]):
        ax.set_title(f"j = {j + 1}", fontsize=FONT)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    for rows, image, label in ((axes[:2], images[0][0], "weight $w^2_{jk}$"),
                               (axes[2:], images[2][0], "change")):
        bar = fig.colorbar(image, ax=rows.ravel().tolist(), shrink=0.9)
        bar.set_label(label, fontsize=FONT)
        bar.ax.tick_params(labelsize=FONT)
    return images


def update_hidden_weights(run, images):
    """Show `run`'s first hidden neurons in the images made by `draw_hidden_weights` (blank
    where the run has fewer hidden neurons than there are images)."""
    neurons = len(images[0])
    w0, w1 = run.w2_initial[:neurons], run.w2_final[:neurons]
    rows = (w0, w1, w1 - w0)
    lim_w = float(max(np.abs(w0).max(), np.abs(w1).max())) or 1.0
    lim_d = float(np.abs(rows[2]).max()) or 1.0
    for r, (row, lim) in enumerate(zip(images, (lim_w, lim_w, lim_d))):
        for j, im in enumerate(row):
            im.set_data(rows[r][j].reshape(28, 28) if j < len(rows[r]) else np.zeros((28, 28)))
            im.norm.vmin, im.norm.vmax = -lim, lim   # symmetric: white is exactly 0


def describe_hidden_weights(run, X):
    """What the images show, as text with numbers that do not depend on the last bits of the
    arithmetic: the pixels that are 0 in every training image (columns of X) and whose weights
    BP4 never changes, how many of them are on the image's border, and the typical size of a
    weight and of its change."""
    dark = np.flatnonzero(X.max(axis=1) == 0)
    row, col = np.divmod(dark, 28)
    on_border = int(np.sum((row == 0) | (row == 27) | (col == 0) | (col == 27)))
    change = run.w2_final - run.w2_initial
    unchanged = bool(np.all(change[:, dark] == 0))
    rms_w, rms_d = (float(np.sqrt(np.mean(a ** 2))) for a in (run.w2_initial, change))
    look = ("small next to the initial weights, so the trained rows still look like the initial "
            "noise and the change row, on its own colour scale, shows what was learned"
            if rms_d < 0.5 * rms_w else "as large as the initial weights")
    return (f"{len(dark)} of {X.shape[0]} pixels are 0 in every training image ({on_border} of "
            f"them on the outermost ring of the image); their weights "
            f"{'did not change at all' if unchanged else 'changed'} (BP4: ∂C/∂w_jk = a_k δ_j = 0). "
            f"Root-mean-square weight at initialisation {rms_w:.1f}, root-mean-square change "
            f"{rms_d:.1f}: the change is {look}.")


def hidden_weights_figure(run, X, neurons=10):
    """The first `neurons` rows of `run`'s w² as images, and its text alternative."""
    neurons = min(int(neurons), run.hidden)
    fig = Figure(figsize=(0.95 * neurons + 1.4, 3.9), dpi=DPI, layout="constrained")
    update_hidden_weights(run, draw_hidden_weights(fig, neurons))
    fig.suptitle("the hidden neurons' weights $w^2_{jk}$ as 28 × 28 images (row j of $w^2$)",
                 fontsize=FONT + 1)
    alt = (f"The first {neurons} rows of w² as 28 × 28 images, at initialisation, after training, "
           f"and their change. " + describe_hidden_weights(run, X))
    return fig, alt
