"""The step-by-step backpropagation algorithm: every number equals bpcore's (deltas, backprop,
update_mini_batch) and a plain-Python reference; the step count; the controls' bounds."""
import re
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")
import numpy as np
import pytest
from matplotlib.text import Text

import bpcore
from bpcore.lessons.lecture import example as le
from bpcore.lessons.lecture import stepper as st
from reference import B2, B3, W2, W3, params_equal, sigmoid_prime_ref, sigmoid_ref


def _by_title(steps):
    return {s.title: s for s in steps}


def _all_numbers(steps):
    numbers = {}
    for s in steps:
        numbers.update(s.numbers)
    return numbers


@pytest.mark.parametrize("sizes", [[2, 3, 2], [3, 4, 2], [2, 3, 3, 2], [4, 2]])
def test_there_are_3L_minus_1_steps_numbered_from_1(sizes):
    net, x, y = st.example_network(sizes, seed=1)
    steps = st.algorithm_steps(net, x, y)
    assert len(steps) == 3 * len(sizes) - 1
    assert [s.number for s in steps] == list(range(1, len(steps) + 1))
    assert steps[0].title.startswith("Input") and steps[-1].title.startswith("Gradient descent")


@pytest.mark.parametrize("case", ["lecture", "3-4-2", "2-3-3-2"])
def test_every_number_equals_bpcore(case):
    if case == "lecture":
        net, x, y = le.network(), np.array(le.X), np.array(le.Y)
    else:
        net, x, y = st.example_network([int(n) for n in case.split("-")], seed=3)
    eta = 0.7
    numbers = _all_numbers(st.algorithm_steps(net, x, y, eta))
    fp = net.forward(x)
    ds, _ = bpcore.deltas(net, x, y)
    nabla_b, nabla_w = bpcore.backprop(net, x, y)
    new = net.copy()
    bpcore.update_mini_batch(new, x.reshape(-1, 1), y.reshape(-1, 1), eta)
    np.testing.assert_array_equal(numbers["a^1"], x)
    for l in range(2, net.L + 1):
        np.testing.assert_allclose(numbers[f"z^{l}"], fp.z(l)[:, 0], rtol=1e-14, atol=1e-15)
        np.testing.assert_allclose(numbers[f"a^{l}"], fp.a(l)[:, 0], rtol=1e-14, atol=1e-15)
        np.testing.assert_allclose(numbers[f"delta^{l}"], ds[l - 2][:, 0], rtol=1e-12, atol=1e-16)
        np.testing.assert_allclose(numbers[f"dC/db^{l}"], nabla_b[l - 2][:, 0], rtol=1e-12, atol=1e-16)
        np.testing.assert_allclose(numbers[f"dC/dw^{l}"], nabla_w[l - 2], rtol=1e-12, atol=1e-16)
        np.testing.assert_array_equal(numbers[f"new w^{l}"], new.w(l))
        np.testing.assert_array_equal(numbers[f"new b^{l}"], new.b(l)[:, 0])
        # the update is w − η ∂C/∂w
        np.testing.assert_allclose(numbers[f"new w^{l}"], net.w(l) - eta * nabla_w[l - 2], rtol=1e-12)
    assert float(numbers["C before"]) == pytest.approx(bpcore.cost_value(net, x, y), rel=1e-14)
    assert float(numbers["C after"]) == pytest.approx(bpcore.cost_value(new, x, y), rel=1e-14)


def test_the_worked_example_against_plain_python():
    numbers = _all_numbers(st.algorithm_steps(le.network(), le.X, le.Y))
    a1 = [1.0, 1.0]
    z2 = [sum(w * a for w, a in zip(row, a1)) + b for row, b in zip(W2, B2)]
    a2 = [sigmoid_ref(z) for z in z2]
    z3 = [sum(w * a for w, a in zip(row, a2)) + b for row, b in zip(W3, B3)]
    a3 = [sigmoid_ref(z) for z in z3]
    d3 = [(a - 1.0) * sigmoid_prime_ref(z) for a, z in zip(a3, z3)]
    d2 = [sum(W3[k][j] * d3[k] for k in range(2)) * sigmoid_prime_ref(z2[j]) for j in range(3)]
    for name, ref in [("z^2", z2), ("a^2", a2), ("z^3", z3), ("a^3", a3), ("delta^3", d3), ("delta^2", d2)]:
        np.testing.assert_allclose(numbers[name], ref, rtol=1e-12)
    np.testing.assert_allclose(numbers["dC/dw^3"], [[a * d for a in a2] for d in d3], rtol=1e-12)
    # the slide's misprinted entry: ∂C/∂w^3_13 = a^2_3 δ^3_1 = −0.0582, not −0.0098
    assert round(float(numbers["dC/dw^3"][0, 2]), 4) == -0.0582
    assert f"{float(numbers['C before']):.6f}" == "0.125522" and f"{float(numbers['C after']):.6f}" == "0.106166"


def test_the_equations_carry_the_substituted_numbers():
    steps = _by_title(st.algorithm_steps(le.network(), le.X, le.Y))
    grads = steps["Output: the gradients of layer 3 (BP3, BP4)"]
    assert "∂C/∂w³₁₃ = a²₃ δ³₁ = 0.5523 × (-0.1054) = -0.0582" in grads.equations
    assert grads.weight_values[(3, 1, 3)] == "-0.0582"
    ff = steps["Feedforward into layer 2"]
    assert ff.equations[0] == "z²ⱼ = w²ⱼ₁a¹₁ + w²ⱼ₂a¹₂ + b²ⱼ,   a²ⱼ = σ(z²ⱼ)"
    assert ff.equations[1] == "z²₁ = -0.8100 − 0.3400 + 0.2700 = -0.8800,   a²₁ = 0.2932"
    bp2 = steps["Backpropagate the error to layer 2 (BP2)"]
    assert bp2.equations[0] == "δ² = ((w³)ᵀ δ³) ⊙ σ′(z²)   (BP2)"
    assert bp2.equations[1] == "δ²₁ = (w³₁₁ δ³₁ + w³₂₁ δ³₂) σ′(z²₁) = 0.0161 × 0.2072 = 0.0033"
    assert "a^2 = σ(z^2) = (0.2932, 0.3252, 0.5523)" in ff.description
    assert "0.125522 to 0.106166" in st.algorithm_steps(le.network(), le.X, le.Y)[-1].description


def test_values_once_computed_stay_on_the_picture():
    steps = st.algorithm_steps(le.network(), le.X, le.Y)
    assert steps[1].neuron_values[(3, 1)] == "y = 1.0000"               # before layer 3 is fed: y only
    assert steps[2].neuron_values[(3, 1)] == "z = 0.2822\na = 0.5701\ny = 1.0000"
    assert steps[3].neuron_values[(3, 1)].endswith("δ = -0.1054\ny = 1.0000")
    assert steps[5].neuron_values[(2, 1)].endswith("δ = 0.0033")


def test_print_steps_prints_every_step(capsys):
    st.print_steps()
    out = capsys.readouterr().out
    assert out.count("step ") == 8
    assert "dC/dw^3 = [[-0.0309 -0.0343 -0.0582]" in out
    assert "delta^2 = [ 0.0033 -0.0054 -0.0053]" in out


@pytest.mark.render
def test_the_widget_walks_the_steps_within_bounds():
    view = st.StepperView(le.network(), le.X, le.Y)
    view.widget()
    slider, previous, following = view.slider, view.previous, view.next
    assert (slider.min, slider.max, slider.value) == (1, 8, 1)
    assert previous.disabled and not following.disabled
    assert slider.tooltip and previous.tooltip and following.tooltip
    titles = [view.title.get_text()]
    for _ in range(10):                      # more clicks than steps: stops at the last
        following.click()
        titles.append(view.title.get_text())
    assert slider.value == 8 and following.disabled and not previous.disabled
    assert len(set(titles)) == 8 and titles[-1].startswith("Step 8 of 8")
    for _ in range(10):
        previous.click()
    assert slider.value == 1 and previous.disabled


def test_bad_sizes_and_examples_get_clear_messages():
    with pytest.raises(ValueError, match="positive integers"):
        st.stepper(sizes=[3, -4, 2])
    with pytest.raises(ValueError, match="step-through has at most 6 neurons per layer"):
        st.stepper(sizes=[784, 30, 10])
    with pytest.raises(ValueError, match="2 to 4 layers"):
        st.example_network([2, 2, 2, 2, 2])
    assert st.check_sizes([6, 6, 6, 6]) == [6, 6, 6, 6]
    with pytest.raises(ValueError, match="one value per input neuron"):
        st.algorithm_steps(le.network(), [1, 1, 1], le.Y)
    with pytest.raises(ValueError, match="pass the example too"):
        st.stepper(net=le.network())


@pytest.mark.render
def test_the_call_a_size_message_suggests_runs():
    """The message names a call that works: stepper(sizes=...), not a Network the step-through refuses."""
    import re
    for bad in ([784, 30, 10], [2, 2, 2, 2, 2], [3, -4, 2]):
        with pytest.raises(ValueError) as info:
            st.stepper(sizes=bad)
        suggested = re.search(r"stepper\(sizes=\[[\d, ]+\], seed=\d+\)", str(info.value))
        assert suggested is not None, str(info.value)
        assert "Network(" not in str(info.value)
        view = eval("st." + suggested.group(0), {"st": st})
        assert view.controls                      # a working step-through


def test_a_student_network_is_reproducible_from_its_seed():
    n1, x1, y1 = st.example_network([3, 4, 2], seed=5)
    n2, x2, y2 = st.example_network([3, 4, 2], seed=5)
    assert params_equal(n1, n2) and np.array_equal(x1, x2) and np.array_equal(y1, y2)
    assert x1.shape == (3,) and y1.shape == (2,)


def test_many_weights_are_not_all_outlined():
    net, x, y = st.example_network([6, 6, 2], seed=0)
    steps = {s.title: s for s in st.algorithm_steps(net, x, y)}
    # 36 weights into layer 2: the neurons are outlined instead; 12 into layer 3: likewise
    assert not any(item[0] == "w" for item in steps["Output: the gradients of layer 2 (BP3, BP4)"].highlight)
    small = {s.title: s for s in st.algorithm_steps(le.network(), le.X, le.Y)}
    assert len([i for i in small["Output: the gradients of layer 3 (BP3, BP4)"].highlight if i[0] == "w"]) == 6


def test_a_taller_network_gets_a_taller_figure():
    tall = st.StepperView(*st.example_network([6, 6, 6, 6], seed=0))
    lecture = st.StepperView(le.network(), le.X, le.Y)
    assert tall.live.fig.get_size_inches()[1] > lecture.live.fig.get_size_inches()[1] >= 4.0


@pytest.mark.render
def test_the_widget_shows_its_first_step_without_a_kernel_and_each_step_has_its_picture():
    view = st.StepperView(le.network(), le.X, le.Y)
    ui = view.widget()
    data, _ = ui._repr_mimebundle_()
    assert "image/png" in data and data["text/plain"].startswith("Step 1 of 8 of the backpropagation algorithm")
    pictures = set()
    for n in range(1, 9):
        view.slider.value = n
        pictures.add(view.live.widget.value)
        assert view.live.description.startswith(f"Step {n} of 8")
    assert len(pictures) == 8


@pytest.mark.render
def test_the_step_controls_box_carries_their_names():
    ui = st.stepper()
    row = ui.widget.children[0]
    controls = row.children[0].children
    assert [c.description for c in controls][1] == "step"
    for c in controls:
        assert c.tooltip and f"{c.description}: {c.tooltip}" in row.tooltip


# "= <numbers and operators> = <result>" (or "name:  <numbers> = <result>"): the arithmetic shown
SHOWN_ARITHMETIC = re.compile(r"[=:]\s+([-(\d][-\d.\s()×+−]*?)\s+(=|≈)\s+(-?\d+\.\d+)(?=,|\s|$)")


def _evaluate(expression):
    python = expression.replace("×", "*").replace("−", "-")
    python = re.sub(r"\d+(\.\d+)?", lambda m: f"Decimal('{m.group(0)}')", python)
    return eval(python, {"Decimal": Decimal})


@pytest.mark.parametrize("sizes, seed", [(None, None), ([3, 4, 2], 1), ([3, 4, 2], 0), ([2, 3, 3, 2], 4),
                                         ([4, 2], 2), ([6, 6, 2], 0)])
def test_the_arithmetic_shown_is_true_as_shown(sizes, seed):
    """Every substituted line, computed exactly from the numbers as shown and rounded to the
    result's decimals, gives the result shown (the rounded factors of a product, the rounded terms
    of a sum)."""
    if sizes is None:
        net, x, y = le.network(), le.X, le.Y
    else:
        net, x, y = st.example_network(sizes, seed=seed)
    checked, approximate = 0, 0
    for step in st.algorithm_steps(net, x, y, eta=0.7 if seed else 1.0):
        for line in step.equations:
            for expression, sign, result in SHOWN_ARITHMETIC.findall(line):
                exact = _evaluate(expression)
                unit = Decimal(1).scaleb(-len(result.split(".")[1]))
                if sign == "=":
                    assert exact.quantize(unit) == Decimal(result), (step.number, line)
                else:   # said to be approximate: then within the rounding of its five terms at most
                    assert abs(exact - Decimal(result)) <= 3 * unit, (step.number, line)
                    approximate += 1
                checked += 1
    assert approximate <= 1
    L = net.L
    products = sum(net.sizes[l - 1] * net.sizes[l - 2] for l in range(2, L + 1))
    assert checked >= min(products, 7 * (L - 1))   # the gradient lines at least


def test_the_target_is_drawn_under_every_output_neuron_from_the_first_step():
    net, x, y = st.example_network([3, 4, 2], seed=1)
    for step in st.algorithm_steps(net, x, y):
        for j in (1, 2):
            assert step.neuron_values[(3, j)].endswith(f"y = {y[j - 1]:.4f}"), step.number


def test_every_text_of_the_step_through_is_at_least_11_css_px():
    view = st.StepperView(*st.example_network([3, 4, 2], seed=1))
    for n in (1, 4, len(view.steps)):
        view.show(n)
        for text in view.live.fig.findobj(Text):
            if text.get_text():
                assert text.get_fontsize() * view.live.css_dpi / 72 >= 11, (text.get_text(), text.get_fontsize())


@pytest.mark.render
def test_a_press_only_sends_a_stored_picture():
    view = st.StepperView(le.network(), le.X, le.Y)
    view.widget()
    pictures = dict(view.pictures)
    assert sorted(pictures) == list(range(1, 9))
    view.next.click()
    assert bytes(view.live.widget.value) == pictures[2] and view.pictures == pictures


UNSPEAKABLE = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉ᵢⱼₖᵀ^⊙∂]|(^|[\s(=,])-\d")


def test_each_move_is_announced_in_words_and_the_buttons_keep_the_focus():
    view = st.StepperView(le.network(), le.X, le.Y)
    ui = view.widget(prerender=False)
    assert (view.previous.description, view.next.description) == ("previous step", "next step")
    assert view.previous.symbol_before == "◀" and view.next.symbol_after == "▶"
    assert view.slider.value_text == "step 1 of 8"
    said = []
    ui.status.observe(lambda change: said.append(ui.status.value), names="said")
    view.next.click()                        # a button: the step's place first
    assert said[-1].startswith("Step 2 of 8, Feedforward into layer 2: z superscript 2, subscript j equals")
    assert view.slider.value_text == "step 2 of 8"
    view.slider.value = 5                    # the slider says its place itself: not repeated
    assert said[-1].startswith("Backpropagate the error to layer 2 (BP2): delta superscript 2 equals ((w "
                               "superscript 3) transposed delta superscript 3) element-wise times sigma prime")
    assert len(said) == 2 and "Step 5" not in said[-1]
    for _ in range(5):
        view.next.click()
    assert view.next.disabled and len(said) == 5     # unavailable at the end, not a sixth press
    for text in said + [view.live.description]:
        assert not UNSPEAKABLE.search(text), text
    assert "minus 0.0582" in view.describe(view.steps[5])
