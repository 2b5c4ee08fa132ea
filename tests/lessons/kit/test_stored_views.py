"""What makes a control answer within 100 ms without showing anything stale: 07's clock menu shows
stored views of the curves (drawn when the runs change), 06's weight-scale study is computed in a
background thread, and the stepper sends a stored picture."""
import io
import threading

import numpy as np
import pytest
from PIL import Image

import bpcore
from bpcore.lessons.kit.figures import encode_png
from bpcore.lessons.lecture.stepper import StepperView, defaults
from bpcore.lessons.saturation.weight_scale import WeightScaleStudy
from bpcore.lessons.saturation.widgets import WeightScaleView
from bpcore.lessons.training_dashboard.dashboard import Dashboard


@pytest.fixture(scope="module")
def small():
    (X, y), (Xt, yt) = bpcore.load_mnist()
    return (X[:, :600], y[:600]), (Xt[:, :300], yt[:300])


def drawn_now(live):
    """The PNG of a full draw of the figure as its artists are now."""
    live.draw(full=True)
    return encode_png(live.rgba(), fast=True)


@pytest.mark.render
def test_the_clock_menu_shows_what_a_full_draw_shows_now(small):
    dashboard = Dashboard(small)
    empty = {}
    for clock in ("updates", "epochs"):
        dashboard.clock_menu.value = clock
        empty[clock] = dashboard.curves.widget.value
        assert dashboard.curves.widget.value == drawn_now(dashboard.curves)
        assert "empty until you press Train" in dashboard.curves.widget.tooltip
    assert empty["updates"] != empty["epochs"]
    dashboard.train(eta=3.0, m=10, epochs=1, hidden=10, seed=0)
    for clock in ("updates", "epochs", "updates"):
        dashboard.clock_menu.value = clock
        shown = dashboard.curves.widget.value
        assert shown == drawn_now(dashboard.curves) and shown != empty[clock]   # not a stale view
        assert f"against {clock} for the last runs: η 3, mini-batch size 10" in dashboard.curves.widget.tooltip
    dashboard.clear()
    assert dashboard.curves.widget.value == empty["updates"] == drawn_now(dashboard.curves)


@pytest.mark.render
def test_the_dashboards_stored_figure_is_its_current_view(small):
    """The menu showed a stored view, so the canvas still held the other clock: the picture
    stored for renderers without a kernel must be the clock the menu shows."""
    dashboard = Dashboard(small)
    dashboard.clock_menu.value = "updates"
    shown = dashboard.widget()
    assert shown.image.alt == dashboard.curves.widget.tooltip
    with Image.open(io.BytesIO(shown.image.png)) as stored:
        pixels = np.asarray(stored.convert("RGB"))
    with Image.open(io.BytesIO(dashboard.curves.widget.value)) as live:
        assert np.array_equal(pixels, np.asarray(live.convert("RGB")))


def test_the_study_computed_in_the_background_is_the_one_computed_here(small):
    (X, y), (Xt, yt) = small
    scales = [0.5, 1.0, 3.0]
    background = WeightScaleStudy(X, y, Xt, yt, n_train=200, hidden=10, epochs=1)
    background.precompute(scales).join(timeout=60)
    here = WeightScaleStudy(X, y, Xt, yt, n_train=200, hidden=10, epochs=1)
    for s in scales:
        a, b = background.compute(s), here.compute(s)
        assert a.costs == b.costs and a.test_accuracy == b.test_accuracy
        assert np.array_equal(a.z_hidden, b.z_hidden)


def test_a_result_being_computed_elsewhere_is_waited_for_not_computed_twice(small, monkeypatch):
    (X, y), (Xt, yt) = small
    study = WeightScaleStudy(X, y, Xt, yt, n_train=100, hidden=5, epochs=1)
    calls, started, release = [], threading.Event(), threading.Event()
    measure = study.measure

    def slow_measure(net, label):
        calls.append(label)
        started.set()
        release.wait(10)
        return measure(net, label)

    monkeypatch.setattr(study, "measure", slow_measure)
    thread = study.precompute([2.0])
    started.wait(10)
    results = []
    waiter = threading.Thread(target=lambda: results.append(study.compute(2.0)))
    waiter.start()
    release.set()
    thread.join(10)
    waiter.join(10)
    assert calls == ["s = 2"] and results[0] is study.compute(2.0)


def test_a_bad_scale_fails_in_the_cell_not_in_the_thread(small):
    (X, y), (Xt, yt) = small
    study = WeightScaleStudy(X, y, Xt, yt, n_train=100, hidden=5, epochs=1)
    with pytest.raises(ValueError, match="scale must be a positive number"):
        study.precompute([1.0, -2.0])


def test_the_views_precomputed_positions_are_the_sliders(small):
    (X, y), (Xt, yt) = small
    view = WeightScaleView(WeightScaleStudy(X, y, Xt, yt, n_train=100, hidden=5, epochs=1))
    asked = []
    view.study.precompute = asked.extend   # what the view asks the study for, nothing run
    view.widget(scale=1.0)
    values = view.slider.positions
    assert sorted(asked) == sorted(values) and asked[0] == 1.0   # every position, nearest first
    assert len(values) == len(view.slider.labels)
    for index in (0, 7, len(values) - 1):
        view.slider.index = index
        assert round(view.slider.value, 9) == round(values[index], 9)


def test_a_step_sends_its_stored_picture_with_its_text():
    view = StepperView(*defaults(None, None, None))
    view.widget()
    for step in (3, 1, len(view.steps)):
        view.slider.value = step
        assert view.live.widget.value == view.pictures[step]
        assert view.live.widget.tooltip.startswith(f"Step {step} of {len(view.steps)}")


@pytest.mark.render
def test_the_buttons_send_the_picture_and_move_the_slider():
    view = StepperView(*defaults(None, None, None))
    view.widget()
    view.next.click()
    assert view.slider.value == 2 and view.live.widget.value == view.pictures[2]
    assert view.live.widget.tooltip.startswith("Step 2 of") and not view.previous.disabled
    view.previous.click()
    assert view.slider.value == 1 and view.live.widget.value == view.pictures[1] and view.previous.disabled
