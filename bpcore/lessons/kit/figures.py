"""Figures with a text alternative, sharp on HiDPI screens, visible in any notebook viewer, in
the lessons' one figure style.

The style, for every figure of the lessons: `DPI` CSS pixels per inch, no text smaller than
`MIN_TEXT` points, `new_figure` to make one; a run's colour, marker and line style from
`run_style`; a label on a coloured background in `label_colour`, whichever of black or white
contrasts more with it (WCAG 2.1).

`show(fig, alt)` displays a matplotlib figure as one output whose bundle holds

- ``image/png``: the figure at device pixel ratio 2 (twice its CSS size in each direction),
  with ``width``/``height`` metadata = the CSS size, for tools that look for a PNG;
- ``text/html``: ``<img src="data:image/png;base64,…" alt="…" width="…">``, the same PNG shown
  at its CSS size (never wider than the page) with `alt` as its text alternative. JupyterLab
  prefers it (its own PNG renderer sets no alt), and keeps it in untrusted notebooks: its HTML
  sanitizer allows data URIs in ``img src``; nbconvert's HTML export shows it as it is;
- ``text/plain``: `alt`, what a text-only viewer (and ``pytest --nbval``) sees.

The same bundle, with the widget view in front, is what a live figure (`widgets.interactive`)
stores as its "figure as first drawn". The CSS size of a figure is its size in inches times
its ``dpi`` (a 6.4 × 3.6 in figure at `DPI` 80 is 512 × 288 CSS px, drawn in 1024 × 576 pixels).
"""
import io
import struct
import sys
import zlib

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from .saved_figures import figure_bundle

DPI = 80
"""CSS pixels per inch of every figure: its size in inches times DPI is its size on the page."""
MIN_TEXT = 10
"""Points: the smallest text on any figure. At DPI 80 that is 11.1 CSS px, readable when projected."""
PIXEL_RATIO = 2
"""Device pixels per CSS pixel that figures are drawn with (HiDPI laptops and projectors)."""
PAD_INCHES = 0.05
"""White margin around a static figure's tight bounding box."""


def new_figure(figsize, ncols=1, **subplot_kw):
    """(fig, axes): a matplotlib Figure in the lessons' style (`DPI`, constrained layout) with
    one row of `ncols` subplots (one Axes when ncols is 1, unless squeeze=False is passed)."""
    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    return fig, fig.subplots(1, ncols, **subplot_kw)


RUN_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
RUN_LINESTYLES = ("-", "--", "-.")


def run_style(k, finished=True):
    """Colour, marker and line style of the k-th run of a figure (dotted if it stalled or
    diverged): matplotlib's colour-blind-safe cycle C0..C9, and never told apart by colour alone."""
    return dict(color=f"C{k % 10}", marker=RUN_MARKERS[k % len(RUN_MARKERS)], markersize=5,
                linestyle=RUN_LINESTYLES[k % len(RUN_LINESTYLES)] if finished else ":")


def relative_luminance(colour):
    """WCAG 2.1 relative luminance L = 0.2126 R + 0.7152 G + 0.0722 B of an sRGB colour
    (components in [0, 1]), each channel linearised: c/12.92 if c ≤ 0.03928, else
    ((c + 0.055)/1.055)^2.4."""
    c = np.asarray(colour, dtype=float)[:3]
    c = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2])


def contrast_ratio(colour_1, colour_2):
    """WCAG 2.1 contrast ratio (L_lighter + 0.05) / (L_darker + 0.05), from 1 to 21."""
    l1, l2 = sorted((relative_luminance(colour_1), relative_luminance(colour_2)), reverse=True)
    return (l1 + 0.05) / (l2 + 0.05)


def label_colour(background):
    """Black or white, whichever contrasts more with `background`. The better of the two
    always reaches at least 4.58:1 (they tie where (L + 0.05)² = 0.0525), so small text
    passes WCAG AA (4.5:1) on any background."""
    black, white = (0.0, 0.0, 0.0), (1.0, 1.0, 1.0)
    return "black" if contrast_ratio(background, black) >= contrast_ratio(background, white) else "white"


def check_alt(alt, what="alt"):
    """The text alternative `alt`, stripped; a clear error if it is missing or not a string."""
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(
            f"{what} must be a non-empty string that says what the figure shows and what to "
            f"notice (it is the figure's text alternative for screen readers), got {alt!r}; "
            f"e.g. alt=\"σ and σ′ against z; the marker at z = 2.15, where σ′ is 0.093\"")
    return alt.strip()


def encode_png(rgba, fast=False, colors=None):
    """PNG bytes of an (H, W, 4) uint8 RGBA array (lossless unless `colors` is given).

    An opaque image is stored as RGB (a quarter less to compress). `fast` is for a live update:
    every row PNG-filtered with "Up" (its difference from the row above: zero wherever the
    figure did not change down the column, which is most of a plot) in numpy, then zlib level
    1: about half the time of PIL's adaptive filtering, and as small. Otherwise PIL's
    `optimize` (zlib level 9, best filter choice): the copy stored in the notebook, written
    once, read many times.

    `colors` (an opaque image only): a palette PNG of at most that many colours, for pictures
    made once and sent often (a step-through's steps): a third of the bytes to send and to
    decode, and no visible loss on a plot of flat colours and anti-aliased text at 64.
    """
    rgba = np.asarray(rgba)
    if rgba.ndim != 3 or rgba.shape[2] != 4 or rgba.dtype != np.uint8:
        raise ValueError(f"encode_png expects an (H, W, 4) uint8 RGBA array, got {rgba.dtype} {rgba.shape}")
    opaque = bool(rgba[..., 3].min() == 255)
    pixels = rgba[..., :3] if opaque else rgba
    if colors is not None:
        if not opaque or not 2 <= colors <= 256:
            raise ValueError(f"colors={colors!r} needs an opaque image and 2 to 256 colours")
        image = Image.fromarray(np.ascontiguousarray(pixels), "RGB").quantize(
            colors, method=Image.Quantize.FASTOCTREE)
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=6)
        return buffer.getvalue()
    if fast:
        return _png_up_filtered(pixels)
    image = Image.fromarray(np.ascontiguousarray(pixels), "RGB" if opaque else "RGBA")
    buffer = io.BytesIO()
    image.save(buffer, format="png", optimize=True)
    return buffer.getvalue()


def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_up_filtered(pixels):
    """A PNG (8-bit RGB or RGBA) whose rows all use filter type 2, "Up" (PNG spec, 9.2)."""
    height, width, channels = pixels.shape
    rows = np.empty((height, 1 + width * channels), np.uint8)
    rows[:, 0] = 2
    flat = pixels.reshape(height, width * channels)
    rows[0, 1:] = flat[0]
    np.subtract(flat[1:], flat[:-1], out=rows[1:, 1:])   # uint8: modulo 256, as the spec says
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if channels == 3 else 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)) + _png_chunk(b"IEND", b""))


class FigureImage:
    """A PNG drawn at `PIXEL_RATIO` with its text alternative; displays as the bundle above.

    `png` holds the bytes, `size` the pixel size (width, height), `css_size` the size it is
    shown at, `alt` the text alternative.
    """

    def __init__(self, png, alt):
        self.png = png
        self.alt = check_alt(alt)
        with Image.open(io.BytesIO(png)) as image:
            self.size = image.size
        self.css_size = tuple(max(1, round(n / PIXEL_RATIO)) for n in self.size)

    def html(self):
        """The <img> with its text alternative, as the bundle's text/html."""
        return figure_bundle(self.png, self.alt)["text/html"]

    def mimebundle(self):
        """(data, metadata) of the bundle: image/png, text/html, text/plain (the same bundle the
        save hook writes for a live figure as last drawn: `bpcore.lessons.kit.saved_figures.figure_bundle`)."""
        width, height = self.css_size
        return figure_bundle(self.png, self.alt), {"image/png": {"width": width, "height": height}}

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.mimebundle()


def figure_image(fig, alt):
    """Draw `fig` at twice its dpi (tight bounding box, white background) as a FigureImage."""
    if not isinstance(fig, Figure):
        raise TypeError(f"show() expects a matplotlib Figure (e.g. fig from "
                        f"`fig, ax = plt.subplots()`), got {type(fig).__name__}")
    alt = check_alt(alt)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=PIXEL_RATIO * fig.dpi, bbox_inches="tight",
                pad_inches=PAD_INCHES, facecolor="white", pil_kwargs={"compress_level": 1})
    with Image.open(io.BytesIO(buffer.getvalue())) as image:
        rgba = np.asarray(image.convert("RGBA"))
    return FigureImage(encode_png(rgba), alt)


def show(fig, alt):
    """Display `fig` sharp at device pixel ratio 2 with the text alternative `alt`, then close it.

    Use instead of ``plt.show()``: the figure is not displayed a second time by the inline
    backend at the end of the cell. `alt` says what the figure shows and what to notice.
    """
    from IPython.display import display

    image = figure_image(fig, alt)
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)
    display(image)
