"""bpcore.lessons.kit.widgets: LivePlot's blitted redraw against full draws, its sharpness and text
alternative, and interactive(): the display bundle, the first call of update, named controls."""
import base64
import io

import ipywidgets as widgets
import numpy as np
import pytest
from PIL import Image

from bpcore import sigmoid, sigmoid_prime
from bpcore.lessons.kit.compat import IPYWIDGETS_MAJOR
from bpcore.lessons.kit.controls import FloatSlider
from bpcore.lessons.kit.live_controls import Status
from bpcore.lessons.kit.widgets import LivePlot, controls, interactive

Z = np.linspace(-8, 8, 201)


def sigma_plot(z0=None):
    """σ and σ′ with a marker and a label that move with z (like 06's z slider); if z0 is
    given, drawn once at z0 in a full draw."""
    live = LivePlot(figsize=(5, 3), dpi=80)
    ax = live.axes
    ax.plot(Z, sigmoid(Z), label=r"$\sigma(z)$")
    ax.plot(Z, sigmoid_prime(Z), "--", label=r"$\sigma'(z)$")
    ax.set(xlim=(-8, 8), ylim=(-0.05, 1.05), xlabel="$z$", ylabel="value", title="σ and σ′")
    ax.legend(loc="center right")
    dot, = ax.plot([], [], "o", color="C1")
    text = ax.text(-7.5, 0.95, "", va="top")
    live.moving(dot, text)

    def update(z):
        dot.set_data([z], [sigmoid_prime(z)])
        text.set_text(f"z = {z:+.2f}")
        live.describe(f"σ and σ′; the marker at z = {z:.2f}")
        live.redraw()

    if z0 is not None:
        update(z0)
    return live, update


def png_array(data):
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


def named_slider(**kw):
    return FloatSlider(value=2.0, min=-8, max=8, step=0.05, description="z",
                       tooltip="weighted input z of the neuron", **kw)


# ----------------------------------------------------------------------------- LivePlot
def test_blitted_redraw_gives_the_pixels_of_a_full_draw():
    live, update = sigma_plot(z0=2.0)
    before = live.rgba()
    update(-3.0)                                     # blit: background + moving artists
    blitted = live.rgba()
    assert not np.array_equal(blitted, before)       # the marker moved ...
    fresh, _ = sigma_plot(z0=-3.0)                   # ... to where a fresh full draw puts it
    assert np.array_equal(blitted, fresh.rgba())
    live.redraw(full=True)
    assert np.array_equal(live.rgba(), blitted)
    assert np.array_equal(png_array(live.widget.value), blitted)   # what the widget shows


def test_full_redraw_refreshes_the_cached_background():
    live, update = sigma_plot(z0=2.0)
    live.axes.set_xlim(-4, 4)                        # not a moving artist: the cache is stale
    update(1.0)
    stale = live.rgba()
    live.redraw(full=True)
    refreshed = live.rgba()
    assert not np.array_equal(stale, refreshed)
    reference, ref_update = sigma_plot(z0=2.0)
    reference.axes.set_xlim(-4, 4)
    ref_update(1.0)
    reference.redraw(full=True)
    assert np.array_equal(refreshed, reference.rgba())
    update(1.5)                                      # and blitting uses the new background
    reference_after, ref_update = sigma_plot(z0=2.0)
    reference_after.axes.set_xlim(-4, 4)
    ref_update(1.5)
    reference_after.redraw(full=True)
    assert np.array_equal(live.rgba(), reference_after.rgba())


def test_drawn_at_twice_the_css_size_and_shown_at_the_css_size():
    live, _ = sigma_plot(z0=0.0)
    assert png_array(live.widget.value).shape[:2] == (2 * 240, 2 * 400)   # 5 × 3 in at 80 dpi
    assert live.widget.layout.width == "400px" and live.widget.layout.max_width == "100%"


def test_describe_sets_the_image_title_and_rejects_empty_text():
    live, update = sigma_plot(z0=1.5)
    assert live.widget.tooltip == "σ and σ′; the marker at z = 1.50"
    update(-2.0)
    assert live.widget.tooltip == "σ and σ′; the marker at z = -2.00"
    with pytest.raises(ValueError, match="non-empty string"):
        live.describe("  ")


@pytest.mark.skipif(IPYWIDGETS_MAJOR < 8, reason="ipywidgets 7 (Colab) has no tooltip on an Image: README, In Google Colab")
def test_image_state_carries_the_tooltip_and_an_empty_description():
    # ipywidgets 8.1's front end reads description.length before it sets the title: without
    # a synced description the Image view fails to render once a tooltip is set.
    live, _ = sigma_plot(z0=1.0)
    state = live.widget.get_state()
    assert state["description"] == "" and state["tooltip"] == "σ and σ′; the marker at z = 1.00"


def test_old_api_without_moving_artists_redraws_fully():
    live = LivePlot(1, 2, figsize=(4, 2), dpi=50)
    line, = live.axes[0].plot([0, 1], [0, 1])
    live.redraw()
    first = live.rgba()
    line.set_ydata([1, 0])
    live.redraw()
    assert not np.array_equal(first, live.rgba())
    calls = []
    with pytest.raises(ValueError, match="no tooltip"):
        controls(lambda z: calls.append(z), z=widgets.FloatSlider(description="z"))
    assert calls == []
    box = controls(lambda z: calls.append(z), z=named_slider())
    assert isinstance(box, widgets.VBox) and calls == [2.0]
    box.children[0].value = 3.0
    assert calls == [2.0, 3.0]


# -------------------------------------------------------------------------- interactive
def test_interactive_calls_update_once_then_on_every_change():
    live, update = sigma_plot()
    calls = []

    def counted(z):
        calls.append(z)
        update(z)

    slider = named_slider()
    view = interactive(live, counted, continuous=False, z=slider)
    assert calls == [2.0] and slider.continuous_update is False
    slider.value = -1.0
    assert calls == [2.0, -1.0]
    assert view.live is live and view.controls == {"z": slider}


def test_an_error_in_update_fails_at_construction():
    live, _ = sigma_plot()

    def broken(z):
        raise ZeroDivisionError("in update")

    with pytest.raises(ZeroDivisionError, match="in update"):
        interactive(live, broken, z=named_slider())


def test_bundle_has_the_widget_view_the_first_figure_and_its_description():
    live, update = sigma_plot()
    slider = named_slider()
    view = interactive(live, update, z=slider)
    first = live.rgba()
    slider.value = 5.0                              # later moves do not change what is stored
    data, metadata = view._repr_mimebundle_()
    assert data["application/vnd.jupyter.widget-view+json"]["model_id"] == view.widget.model_id
    png = base64.b64decode(data["image/png"])
    assert np.array_equal(png_array(png), first)
    assert metadata["image/png"] == {"width": 400, "height": 240}
    assert data["text/plain"] == "σ and σ′; the marker at z = 2.00"
    assert 'alt="σ and σ′; the marker at z = 2.00"' in data["text/html"]
    assert f'src="data:image/png;base64,{data["image/png"]}"' in data["text/html"]
    assert view.widget.children[2] is live.widget and isinstance(view.widget.children[1], Status)
    box = view.widget.children[0]
    assert box.children == (slider,) and box.tooltip == "z: weighted input z of the neuron"
    assert box.get_state()["description"] == ""


def test_update_that_does_not_draw_still_shows_the_figure():
    live, _ = sigma_plot()
    view = interactive(live, lambda z: None, z=named_slider())
    assert live.widget.value != b""
    assert view._repr_mimebundle_()[0]["text/plain"]        # a generic description


@pytest.mark.parametrize("missing", ["description", "tooltip"])
def test_unnamed_controls_are_rejected(missing):
    live, update = sigma_plot()
    kw = {"description": "z", "tooltip": "weighted input z"}
    kw[missing] = ""
    with pytest.raises(ValueError, match=f"no {missing}"):
        interactive(live, update, z=widgets.FloatSlider(**kw))


def test_non_controls_and_a_missing_liveplot_are_rejected():
    live, update = sigma_plot()
    with pytest.raises(TypeError, match="must be a control with a value"):
        interactive(live, update, z=2.0)
    with pytest.raises(TypeError, match="LivePlot"):
        interactive(update, live, z=named_slider())
    with pytest.raises(ValueError, match="at least one control"):
        interactive(live, update)


def test_full_redraw_lays_the_figure_out_again_and_a_blit_does_not():
    live, update = sigma_plot(z0=2.0)
    ax = live.axes
    left = ax.get_position().x0
    ax.set_ylabel("a long\nthree-line\nlabel", fontsize=20)   # needs more room on the left
    update(1.0)
    assert ax.get_position().x0 == left
    live.redraw(full=True)
    assert ax.get_position().x0 > left + 0.02


def test_a_fixed_layout_stays_fixed():
    live = LivePlot(figsize=(4, 2), dpi=50)
    live.fig.set_layout_engine("none")
    live.axes.set_position([0.2, 0.2, 0.6, 0.6])
    live.redraw()
    live.axes.set_ylabel("label", fontsize=30)
    live.redraw(full=True)
    assert np.allclose(live.axes.get_position().bounds, [0.2, 0.2, 0.6, 0.6])


def test_buttons_are_shown_not_passed_to_update():
    live, update = sigma_plot()
    slider = named_slider()
    step = widgets.Button(description="+1", tooltip="add 1 to z")
    step.on_click(lambda _b: setattr(slider, "value", slider.value + 1))
    calls = []
    view = interactive(live, lambda z: (calls.append(z), update(z)), z=slider, step=step)
    box = view.widget.children[0]
    assert box.children[0] is slider and box.children[1].children == (step,)
    step.click()
    assert calls == [2.0, 3.0] and live.widget.tooltip.endswith("z = 3.00")
    with pytest.raises(ValueError, match="no tooltip"):
        interactive(live, update, z=named_slider(), step=widgets.Button(description="+1"))


def test_a_scene_seen_before_is_restored_not_drawn_and_looks_the_same():
    live = LivePlot(figsize=(4, 3), dpi=80)
    live.fig.set_layout_engine("none")   # scenes share one layout (fixed axes, as NudgePlot's)
    ax = live.axes
    curve, = ax.plot([], [])
    dot, = live.moving(*ax.plot([], [], "o"))
    full_draws = []
    real = live.canvas.draw
    live.canvas.draw = lambda: (full_draws.append(1), real())[1]

    def show(scene, x):
        curve.set_data(Z, np.sin(Z) * (1 if scene == "a" else 3))
        ax.relim()
        ax.autoscale_view()
        dot.set_data([x], [0.5])
        live.redraw(full=True, scene=scene)
        return live.rgba()

    first_a, first_b = show("a", 1.0), show("b", 1.0)
    assert len(full_draws) == 2
    again_a, again_b = show("a", 1.0), show("b", 1.0)
    assert len(full_draws) == 2                      # both restored from their backgrounds
    assert np.array_equal(first_a, again_a) and np.array_equal(first_b, again_b)
    assert not np.array_equal(first_a, first_b)
