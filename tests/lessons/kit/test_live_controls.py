"""bpcore.lessons.kit.live_controls and spoken: buttons that keep the focus (never disabled in
the DOM, presses ignored while unavailable or busy, also those sent before the browser knew),
polite statuses that count every `say`, progress bars said in words; the lecture's notation and
numbers in spoken words; every slider named with its range and, if counted, its place."""
import re

import pytest

from bpcore.lessons.kit.controls import FloatLogSlider, FloatSlider, IntSlider, SelectionSlider
from bpcore.lessons.kit.live_controls import Button, Progress, Status, check_name
from bpcore.lessons.kit.spoken import number, words

# what a synthesizer garbles: subscripts/superscripts, carets, ⊙ and ∂, a hyphen before a number
UNSPEAKABLE = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉ᵢⱼₖᵀ^_⊙∂]|(^|[\s(=,])-\d")


def press(button, settled=None):
    """What the browser sends on a click (the count of busy spells it has seen)."""
    button._message(button, {"event": "click", "settled": button.settled if settled is None else settled}, [])


def test_a_button_is_named_in_words_and_refuses_icon_glyphs():
    button = Button("next step", symbol_after="▶", tooltip="go to the next step")
    assert button.description == "next step" and button.symbol_after == "▶"
    with pytest.raises(ValueError, match="U\\+F04B"):
        Button("\uf04b Train", tooltip="train")
    with pytest.raises(ValueError, match="non-empty"):
        Button("next", tooltip=" ")
    assert check_name(" clear ", "x") == "clear"


def test_a_button_ignores_presses_while_unavailable_or_busy():
    button, seen = Button("next step", tooltip="go on"), []
    button.on_click(lambda b: seen.append(b.busy))
    press(button)
    button.disabled = True
    press(button)
    assert seen == [False]
    button.disabled = False
    with button.working():
        assert button.busy
        press(button)               # the browser knew it was busy, yet sent it: ignored
        stale = button.settled      # a press the browser sent before it learnt of this spell
    press(button, settled=stale)
    assert seen == [False] and not button.busy and button.settled == stale + 1
    press(button)
    assert seen == [False, False]


def test_a_status_says_each_text_even_the_same_again():
    status = Status("press Train")
    assert status.value == "press Train" and status.said == 0 and status.visible
    status.say("cleared")
    status.say("cleared")
    assert status.value == "cleared" and status.said == 2
    with pytest.raises(ValueError):
        status.say("  ")


@pytest.mark.parametrize("value, text", [(0, "epoch 0 of 10, not started"), (3, "epoch 3 of 10"),
                                         (10, "epoch 10 of 10"), (12, "epoch 10 of 10")])
def test_a_progress_bar_says_its_value_in_words(value, text):
    bar = Progress(0, 10, description="epochs done", tooltip="epochs done in the run", unit="epoch")
    bar.value = value
    assert bar.value_text == text and 0 <= bar.value <= bar.max


@pytest.mark.parametrize("written, said", [
    ("w^3_9,19", "w superscript 3, row 9, column 19"),
    ("∂C/∂w³₁₃ = -0.0582", "partial C over partial w superscript 3, row 1, column 3 equals minus 0.0582"),
    ("δ² = ((w³)ᵀ δ³) ⊙ σ′(z²)", "delta superscript 2 equals ((w superscript 3) transposed delta superscript 3) "
                                 "element-wise times sigma prime of (z superscript 2)"),
    ("δ^2 = ((w^3)^T δ^3) ⊙ σ′(z^2)", "delta superscript 2 equals ((w superscript 3) transposed delta "
                                      "superscript 3) element-wise times sigma prime of (z superscript 2)"),
    ("a²₃ δ³₁", "a superscript 2, subscript 3 times delta superscript 3, subscript 1"),
    ("4.54e-05", "4.54 times 10 to the minus 5"),
    ("(0.0033, -0.0054)", "(0.0033, minus 0.0054)"),
    ("cost C = ½‖y − a³‖²", "cost C equals one half the squared length of (y minus a superscript 3)"),
])
def test_notation_in_spoken_words(written, said):
    assert words(written) == said and not UNSPEAKABLE.search(said)


@pytest.mark.parametrize("x, said", [(4.54e-05, "4.54 times 10 to the minus 5"), (-0.5, "minus 0.5"),
                                     (0.16349, "0.163"), (float("nan"), "not a number"),
                                     (-float("inf"), "minus infinity")])
def test_numbers_keep_their_minus_sign(x, said):
    assert number(x) == said


def test_every_slider_is_named_with_its_range_the_same_way():
    sliders = [FloatLogSlider(value=3.0, base=10, min=-2, max=2, step=0.1, description="η",
                              tooltip="learning rate η"),
               FloatSlider(value=0.0, min=-3, max=3, step=0.05, description="Δz",
                           tooltip="nudge Δz added to the weighted input z^l_j"),
               SelectionSlider(options=[1, 10, 100], value=10, description="m", tooltip="mini-batch size m"),
               IntSlider(value=2, min=1, max=8, description="step", tooltip="step of the algorithm")]
    names = [s.name for s in sliders]
    assert names == ["learning rate η, log scale, from 0.01 to 100",
                     "nudge Δz added to the weighted input z superscript l, subscript j, from −3.00 to 3.00",
                     "mini-batch size m, from 1 to 100", "step of the algorithm, from 1 to 8"]
    assert all(re.search(r", from \S+ to \S+$", name) and not UNSPEAKABLE.search(name) for name in names)


def test_a_counted_slider_says_its_place():
    step = IntSlider(value=2, min=1, max=8, description="step", tooltip="step", counted=True)
    assert step.value_text == "step 2 of 8"
    step.value = 8
    assert step.value_text == "step 8 of 8"
    assert IntSlider(value=2, min=1, max=8, description="seed", tooltip="seed").value_text == "seed = 2"


def test_a_menu_is_described_in_words_and_maps_its_options():
    from bpcore.lessons.kit.live_controls import Menu
    menu = Menu(options=[("z^2_1", "2,1"), ("z^3_2", "3,2")], value="3,2", description="neuron",
                tooltip="the neuron whose weighted input z^l_j is nudged")
    assert menu.index == 1 and menu.label == "z^3_2"
    assert menu.spoken == ["z superscript 2, subscript 1", "z superscript 3, subscript 2"]
    assert menu.described == "the neuron whose weighted input z superscript l, subscript j is nudged"
    seen = []
    menu.observe(lambda change: seen.append(change["new"]), names="value")
    menu.index = 0                      # chosen in the browser
    assert menu.value == "2,1" and seen == ["2,1"]
    with pytest.raises(ValueError, match="not one of its options"):
        menu.value = "4,1"
