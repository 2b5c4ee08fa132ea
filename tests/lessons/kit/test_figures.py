"""bpcore.lessons.kit.figures: the display bundle of `show` (PNG at device pixel ratio 2, <img alt>,
text), closing the pyplot figure, clear errors, and the nbval rule that masks only the PNG."""
import base64
import configparser
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from bpcore.lessons.kit import figures  # noqa: E402
from bpcore.lessons.kit.figures import FigureImage, encode_png, figure_image, show  # noqa: E402

SANITIZE = Path(__file__).resolve().parents[2] / "nbval_sanitize.cfg"


def img_attributes(html):
    """The attributes of the one <img> in `html` (entities decoded), by an HTML parser."""
    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                found.append(dict(attrs))

    Parser().feed(html)
    assert len(found) == 1, html[:200]
    return found[0]


def decode(b64):
    return Image.open(io.BytesIO(base64.b64decode(b64)))


def sample_figure():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    ax.plot([0, 1], [0, 1], label="line")
    ax.set(xlabel="x", ylabel="y", title="a line")
    return fig


def test_bundle_holds_png_at_twice_css_size_html_img_with_alt_and_plain_text():
    alt = 'y = x on 0 ≤ x ≤ 1; "a line" <rising>'
    data, metadata = figure_image(sample_figure(), alt).mimebundle()
    assert set(data) == {"image/png", "text/html", "text/plain"}
    png = decode(data["image/png"])
    css = metadata["image/png"]["width"], metadata["image/png"]["height"]
    assert abs(png.size[0] - 2 * css[0]) <= 1 and abs(png.size[1] - 2 * css[1]) <= 1
    # tight bounding box (+ 0.05 in padding): close to the figure's 400 × 300 CSS px
    assert 300 < css[0] <= 410 and 200 < css[1] <= 310
    attrs = img_attributes(data["text/html"])
    assert attrs["alt"] == alt                      # escaped in the HTML, intact once parsed
    assert int(attrs["width"]) == css[0]
    assert "max-width: 100%" in attrs["style"]
    assert attrs["src"] == "data:image/png;base64," + data["image/png"]
    assert data["text/plain"] == alt
    plt.close("all")


def test_png_shows_the_figure_drawn_at_twice_its_dpi():
    fig = Figure(figsize=(2, 1), dpi=50, facecolor="white")
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_axis_off()
    ax.add_patch(matplotlib.patches.Rectangle((0, 0), 0.5, 1, color="black"))
    ax.set(xlim=(0, 1), ylim=(0, 1))
    image = figure_image(fig, "left half black")
    pixels = np.asarray(Image.open(io.BytesIO(image.png)).convert("RGB"))
    pad = round(2 * 50 * figures.PAD_INCHES)      # the white margin, in device pixels
    h, w, _ = pixels.shape
    # matplotlib 3.10 (Colab's) rounds the tight box to a pixel less wide than 3.11 does
    assert abs(w - (200 + 2 * pad)) <= 1 and h == 100 + 2 * pad, (w, h)
    assert image.css_size == (w // 2, h // 2)
    pixels = pixels[pad:h - pad, pad:w - pad]
    h, w, _ = pixels.shape
    assert pixels[h // 2, w // 4].tolist() == [0, 0, 0]
    assert pixels[h // 2, 3 * w // 4].tolist() == [255, 255, 255]


def test_show_displays_once_and_closes_the_pyplot_figure(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    fig = sample_figure()
    show(fig, alt="a rising line")
    assert not plt.fignum_exists(fig.number)
    assert len(shown) == 1 and isinstance(shown[0], FigureImage)
    assert shown[0].alt == "a rising line"


@pytest.mark.parametrize("alt", [None, "", "   ", 3])
def test_missing_alt_is_a_clear_error(alt):
    with pytest.raises(ValueError, match="text alternative"):
        figure_image(sample_figure(), alt)
    plt.close("all")


def test_not_a_figure_is_a_clear_error():
    fig, ax = plt.subplots()
    with pytest.raises(TypeError, match="matplotlib Figure"):
        figure_image(ax, "axes, not a figure")
    plt.close("all")


def test_encode_png_is_lossless_and_drops_alpha_only_when_opaque():
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    for fast in (True, False):
        back = Image.open(io.BytesIO(encode_png(rgba, fast=fast)))
        assert back.mode == "RGBA" and np.array_equal(np.asarray(back), rgba)
    rgba[..., 3] = 255
    back = Image.open(io.BytesIO(encode_png(rgba)))
    assert back.mode == "RGB" and np.array_equal(np.asarray(back), rgba[..., :3])


def sanitize(text):
    """Apply tests/nbval_sanitize.cfg the way nbval does (every section's regex, in order)."""
    config = configparser.ConfigParser()
    config.read(SANITIZE, encoding="utf-8")
    for section in config.sections():
        text = re.sub(config[section]["regex"], config[section]["replace"], text)
    return text


def test_nbval_rule_masks_the_png_payload_and_keeps_the_alt_text():
    one = figure_image(sample_figure(), "a line").html()
    other_fig = sample_figure()
    other_fig.axes[0].plot([0, 1], [1, 0])
    other = figure_image(other_fig, "a line").html()
    assert one != other                            # different pictures ...
    assert sanitize(one) == sanitize(other)        # ... compare equal once masked
    assert "base64,…" in sanitize(one) and 'alt="a line"' in sanitize(one)
    assert sanitize(figure_image(other_fig, "two lines").html()) != sanitize(other)
    plt.close("all")


def test_a_palette_png_keeps_a_flat_colour_plot_and_is_smaller():
    fig = Figure(figsize=(4, 3), dpi=80, facecolor="white")
    ax = fig.subplots()
    ax.plot([0, 1, 2], [0, 1, 0], "C0-", lw=3)
    ax.set_title("a title")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba()).copy()
    palette = encode_png(rgba, colors=64)
    with Image.open(io.BytesIO(palette)) as image:
        assert image.mode == "P" and image.size == (rgba.shape[1], rgba.shape[0])
        back = np.asarray(image.convert("RGB")).astype(int)
    assert len(palette) < len(encode_png(rgba, fast=True))
    assert np.abs(back - rgba[..., :3]).mean() < 2          # no visible loss on average
    assert back[0, 0].min() >= 250                           # the white background stays white
    with pytest.raises(ValueError, match="opaque image and 2 to 256 colours"):
        encode_png(rgba, colors=1000)
