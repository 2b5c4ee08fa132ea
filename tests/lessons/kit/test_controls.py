"""bpcore.lessons.kit.controls: the accessible sliders' Python side: names required, the value text in
the slider's own display format, positions and bounds, bad values refused with a clear message,
and the browser's position mapped back to a value (what the range input sends)."""
import math

import pytest

from bpcore.lessons.kit.controls import MAX_POSITIONS, FloatLogSlider, FloatSlider, IntSlider, SelectionSlider
from bpcore.lessons.kit.widgets import LivePlot, interactive

NAMES = dict(description="η", tooltip="learning rate η")


@pytest.mark.parametrize("make", [
    lambda **kw: FloatSlider(value=0.0, min=-1, max=1, step=0.1, **kw),
    lambda **kw: FloatLogSlider(value=1.0, min=-1, max=1, **kw),
    lambda **kw: IntSlider(value=1, min=0, max=5, **kw),
    lambda **kw: SelectionSlider(options=[1, 2], **kw),
])
@pytest.mark.parametrize("names", [dict(description="", tooltip="x"), dict(description="x", tooltip=" "),
                                   dict(description=None, tooltip="x")])
def test_every_slider_needs_a_description_and_a_tooltip(make, names):
    with pytest.raises(ValueError, match="accessible name"):
        make(**names)


def test_a_log_slider_announces_its_value_not_its_exponent():
    eta = FloatLogSlider(value=10 ** 0.5, base=10, min=-1, max=3, step=0.02, **NAMES)
    assert eta.value_text == "η = 3.16" and eta.readout == "3.16"
    assert len(eta.labels) == 201 and eta.labels[0] == "0.1" and eta.labels[-1] == "1000"
    assert eta.labels[eta.index] == "3.16"
    assert eta.min == -1 and eta.max == 3   # exponents, as in ipywidgets


def test_a_selection_slider_announces_its_option_not_its_position():
    m = SelectionSlider(options=[1, 2, 5, 10, 20], value=10, description="m", tooltip="mini-batch size m")
    assert m.index == 3 and m.value_text == "m = 10" and m.label == "10"
    named = SelectionSlider(options=[("small", 1), ("large", 100)], value=100, description="m", tooltip="size m")
    assert named.value_text == "m = large" and named.value == 100


def test_number_sliders_use_their_readout_format():
    z = FloatSlider(value=0.0, min=-10.0, max=10.0, step=0.05, description="z", tooltip="weighted input z")
    assert z.value_text == "z = 0.00" and len(z.labels) == 401
    # the minus sign U+2212, which a speech synthesizer says (it drops a hyphen before a number)
    assert z.labels[:3] == ["−10.00", "−9.95", "−9.90"] and z.labels[-1] == "10.00"
    s = FloatLogSlider(value=1.0, base=10, min=-1, max=1.5, step=0.05, readout_format=".3g",
                       description="s", tooltip="weight scale s")
    assert s.value_text == "s = 1"
    step = IntSlider(value=3, min=1, max=8, description="step", tooltip="step of the algorithm")
    assert step.value_text == "step = 3" and step.labels == [str(n) for n in range(1, 9)]


def test_a_value_between_positions_is_shown_as_it_is():
    z = FloatSlider(value=0.123, min=-1.0, max=1.0, step=0.05, description="z", tooltip="z")
    assert z.value == 0.123 and z.value_text == "z = 0.12" and z.labels[z.index] == "0.10"


def test_the_browser_position_sets_the_value_and_notifies_observers():
    eta = FloatLogSlider(value=1.0, base=10, min=-2, max=2, step=0.1, **NAMES)
    seen = []
    eta.observe(lambda change: seen.append(change["new"]), names="value")
    eta.index = 30          # what the range input sends: a position
    assert eta.value == pytest.approx(10.0) and seen == [eta.value] and eta.value_text == "η = 10"
    eta.value = 0.01        # from Python: the position follows
    assert eta.index == 0 and seen[-1] == 0.01
    with pytest.raises(ValueError, match="position 41 is outside 0 to 40"):
        eta.index = 41


@pytest.mark.parametrize("make, bad, error, message", [
    (lambda: FloatSlider(value=0.0, min=-1, max=1, step=0.5, description="z", tooltip="z"), 1.5,
     ValueError, r"'z': value 1.5 is outside its range -1.00 to 1.00"),
    (lambda: FloatSlider(value=0.0, min=-1, max=1, step=0.5, description="z", tooltip="z"), math.nan,
     TypeError, "finite number"),
    (lambda: FloatSlider(value=0.0, min=-1, max=1, step=0.5, description="z", tooltip="z"), "0.5",
     TypeError, "finite number"),
    (lambda: IntSlider(value=1, min=1, max=8, description="step", tooltip="step"), 2.5,
     TypeError, "whole number"),
    (lambda: IntSlider(value=1, min=1, max=8, description="step", tooltip="step"), 9,
     ValueError, "outside its range 1 to 8"),
    (lambda: FloatLogSlider(value=1.0, min=-1, max=1, **NAMES), 0.0,
     ValueError, "outside its range 0.1 to 10"),
    (lambda: SelectionSlider(options=[1, 2, 5], value=2, description="m", tooltip="m"), 3,
     ValueError, r"not one of its options \[1, 2, 5\]"),
])
def test_bad_values_are_refused_and_the_old_value_stays(make, bad, error, message):
    slider = make()
    before = slider.value, slider.index
    with pytest.raises(error, match=message):
        slider.value = bad
    assert (slider.value, slider.index) == before


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(min=1, max=1), ValueError, "min must be less than max"),
    (dict(min=0, max=1, step=0), ValueError, "step must be positive"),
    (dict(min=0, max=1, step=math.inf), TypeError, "step must be a finite number"),
    (dict(min=0, max=1, step=1e-6), ValueError, f"1 to {MAX_POSITIONS}"),
    (dict(min=0, max=1, readout_format="d"), ValueError, "readout_format 'd'"),
])
def test_bad_bounds_are_refused(kwargs, error, message):
    with pytest.raises(error, match=message):
        FloatSlider(value=0.0, description="z", tooltip="z", **kwargs)


def test_other_bad_arguments_are_refused():
    with pytest.raises(TypeError, match="IntSlider: step must be a whole number"):
        IntSlider(value=1, min=0, max=5, step=0.5, description="n", tooltip="n")
    with pytest.raises(ValueError, match="base must be a number above 1"):
        FloatLogSlider(value=1.0, base=1, **NAMES)
    with pytest.raises(ValueError, match="options must not be empty"):
        SelectionSlider(options=[], description="m", tooltip="m")
    with pytest.raises(ValueError, match="outside its range"):
        FloatSlider(value=5.0, min=0, max=1, step=0.1, description="z", tooltip="z")


def test_the_default_value_is_the_first_position():
    assert IntSlider(min=2, max=5, description="n", tooltip="n").value == 2
    assert SelectionSlider(options=["a", "b"], description="m", tooltip="m").value == "a"


def test_the_browser_side_gets_names_and_texts_only():
    eta = FloatLogSlider(value=1.0, min=-1, max=1, step=0.5, continuous_update=False, **NAMES)
    state = eta.get_state()
    assert state["description"] == "η" and state["tooltip"] == "learning rate η"
    assert state["labels"] == ["0.1", "0.316", "1", "3.16", "10"] and state["index"] == 2
    assert state["readout"] == "1" and state["continuous_update"] is False
    assert "value" not in state
    assert "aria-valuetext" in eta._esm and 'type = "range"' in eta._esm


def test_interactive_wires_the_sliders_like_ipywidgets():
    live = LivePlot(figsize=(2, 1))
    live.axes.plot([0, 1], [0, 1])
    seen = []
    z = FloatSlider(value=0.5, min=0, max=1, step=0.25, description="z", tooltip="weighted input z")
    interactive(live, lambda z: seen.append(z), continuous=False, z=z)
    assert seen == [0.5] and z.continuous_update is False
    z.index = 4
    assert seen == [0.5, 1.0]
