"""The drawn network: positions, the lecture's labels, sign shown by colour AND line style, errors."""
import matplotlib

matplotlib.use("Agg")
import numpy as np
import pytest
from matplotlib.figure import Figure

import bpcore
from bpcore.lessons.kit import drawing, notation
from bpcore.lessons.kit.figures import DPI
from bpcore.lessons.lecture import example as le


def _ax():
    return Figure().subplots()


def test_layers_run_left_to_right_with_neurons_evenly_spaced_and_centred():
    pos = drawing.layout([2, 3, 2])
    assert sorted(pos) == [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (3, 1), (3, 2)]
    xs = [pos[(l, 1)][0] for l in (1, 2, 3)]
    assert xs[0] < xs[1] < xs[2] and np.isclose(xs[1] - xs[0], xs[2] - xs[1])
    for l, n in ((1, 2), (2, 3), (3, 2)):
        ys = [pos[(l, j)][1] for j in range(1, n + 1)]
        assert all(np.isclose(a - b, drawing.NEURON_GAP) for a, b in zip(ys, ys[1:]))   # j = 1 on top
        assert np.isclose(np.mean(ys), 0.0)
        assert all(pos[(l, j)][0] == xs[l - 1] for j in range(1, n + 1))


def test_circles_and_lines_sit_at_the_layout():
    d = drawing.draw_network(le.network(), ax=_ax())
    assert len(d.neurons) == 7 and len(d.weights) == 12
    for key, circle in d.neurons.items():
        assert circle.center == pytest.approx(d.positions[key])
    # w^3_{13} runs from neuron 3 of layer 2 to neuron 1 of layer 3
    line = d.weights[(3, 1, 3)]
    assert list(zip(line.get_xdata(), line.get_ydata())) == [d.positions[(2, 3)], d.positions[(3, 1)]]


def test_labels_use_the_lecture_notation_from_1():
    d = drawing.draw_network(le.network(), ax=_ax())
    assert d.neuron_label[(2, 3)].get_text() == "a²₃"
    assert d.weight_text[(3, 1, 3)].get_text() == "w³₁₃"
    assert notation.text_label("w", 2, 1, 12) == "w²₁,₁₂" and notation.text_label("delta", 3, 2) == "δ³₂"


def test_values_shown_are_the_forward_pass_and_the_errors():
    d = drawing.draw_network(le.network(), ax=_ax(), x=le.X, y=le.Y, show=("z", "a", "delta"))
    assert d.neuron_text[(2, 3)].get_text() == "z = 0.2100\na = 0.5523\nδ = -0.0053"
    assert d.neuron_text[(1, 1)].get_text() == "a = 1.0000"        # the input has no z, no δ
    assert d.neuron_text[(3, 1)].get_text().endswith("δ = -0.1054")
    d = drawing.draw_network(le.network(), ax=_ax(), show=("w", "b"))
    assert d.weight_text[(3, 1, 3)].get_text() == "w³₁₃ = -0.74"
    assert d.neuron_text[(3, 2)].get_text() == "b = 0.65"


def test_sign_by_colour_and_line_style_size_by_width():
    d = drawing.draw_network(le.network(), ax=_ax())
    pos, neg = d.weights[(3, 2, 3)], d.weights[(3, 1, 3)]          # w = 2.02 and -0.74
    assert pos.get_linestyle() == "-" and neg.get_linestyle() == "--"
    assert pos.get_color() == drawing.POSITIVE["color"] and neg.get_color() == drawing.NEGATIVE["color"]
    assert pos.get_color() != neg.get_color()
    assert pos.get_linewidth() > neg.get_linewidth() > d.weights[(2, 2, 2)].get_linewidth()  # |w| 2.02 > 0.74 > 0.03
    for key, line in d.weights.items():
        w = le.network().w(key[0])[key[1] - 1, key[2] - 1]
        assert line.get_linestyle() == ("-" if w >= 0 else "--")


def test_highlight_adds_a_cue_besides_colour():
    d = drawing.draw_network(le.network(), ax=_ax(), highlight=[("w", 3, 1, 3), ("neuron", 2, 1)])
    base = drawing.draw_network(le.network(), ax=_ax())
    assert d.weights[(3, 1, 3)].get_linewidth() > base.weights[(3, 1, 3)].get_linewidth()
    assert d.weights[(3, 1, 3)].get_color() == base.weights[(3, 1, 3)].get_color()
    assert d.neurons[(2, 1)].get_linewidth() > base.neurons[(2, 1)].get_linewidth()
    assert d.weight_text[(3, 1, 3)].get_fontweight() == "bold"
    assert d.weights[(3, 1, 3)].get_path_effects() and not d.weights[(3, 2, 3)].get_path_effects()  # black edge
    d.set_highlight([])
    assert d.weights[(3, 1, 3)].get_linewidth() == base.weights[(3, 1, 3)].get_linewidth()
    assert not d.weights[(3, 1, 3)].get_path_effects()


def test_an_unlabelled_drawing_labels_a_singled_out_weight_only():
    d = drawing.draw_network(bpcore.Network([3, 4, 2], seed=0), ax=_ax(), highlight=[("w", 3, 1, 4)])
    visible = [key for key, text in d.weight_text.items() if text.get_visible()]
    assert visible == [(3, 1, 4)] and d.weight_text[(3, 1, 4)].get_text() == "w³₁₄"
    d.set_highlight([("w", 2, j, k) for j in range(1, 5) for k in range(1, 4)])   # a whole layer: no labels
    assert not any(text.get_visible() for text in d.weight_text.values())


def test_sizes_alone_draw_the_structure():
    d = drawing.draw_network([3, 4, 2], ax=_ax())
    assert len(d.weights) == 3 * 4 + 4 * 2
    assert {line.get_linestyle() for line in d.weights.values()} == {"-"}


@pytest.mark.parametrize("sizes, words", [
    ([784, 30, 10], "at most 12 neurons per layer"),
    ([3], "2 to 6 layers"),
    ([2, 2, 2, 2, 2, 2, 2], "2 to 6 layers"),
    ([3, 0, 2], "positive integers"),
    ([3, 2.5, 2], "positive integers"),
    ([3, True, 2], "positive integers"),
    ("3, 4, 2", "list of positive integers"),
    (5, "list of positive integers"),
])
def test_bad_sizes_say_what_to_pass(sizes, words):
    with pytest.raises(ValueError, match=words) as info:
        drawing.check_sizes(sizes)
    assert "[2, 3, 2]" in str(info.value)        # an example of what to pass
    with pytest.raises(ValueError):
        drawing.draw_network(sizes, ax=_ax())


def test_a_large_network_is_refused_before_anything_is_drawn():
    with pytest.raises(ValueError, match="at most 12"):
        drawing.draw_network(bpcore.Network([784, 30, 10]), ax=_ax())


def test_values_need_what_they_depend_on():
    with pytest.raises(ValueError, match="needs the input x"):
        drawing.draw_network(le.network(), ax=_ax(), show="a")
    with pytest.raises(ValueError, match="target y"):
        drawing.draw_network(le.network(), ax=_ax(), x=le.X, show="delta")
    with pytest.raises(ValueError, match="show takes"):
        drawing.draw_network(le.network(), ax=_ax(), show=("q",))


def test_draw_returns_a_figure_with_extra_values_by_lecture_index():
    fig = drawing.draw(le.network(), highlight=[("w", 3, 1, 3)], values={(3, 1, 3): "-0.74", (2, 1): "δ = 0.0033"})
    d = fig.drawing
    assert isinstance(fig, Figure)
    assert d.weight_text[(3, 1, 3)].get_text() == "w³₁₃ = -0.74"
    assert d.neuron_text[(2, 1)].get_text() == "δ = 0.0033" and d.neuron_text[(2, 1)].get_visible()
    with pytest.raises(ValueError, match=r"\(l, j\)"):
        drawing.draw(le.network(), values={(4, 1): "x"})


@pytest.mark.render
def test_draw_sizes_the_figure_to_the_network():
    low, tall = drawing.draw([2, 3, 2]), drawing.draw([12, 12, 12])
    assert low.get_size_inches()[0] == tall.get_size_inches()[0] == drawing.WIDTH
    assert 3.1 <= low.get_size_inches()[1] < tall.get_size_inches()[1] <= 11.25
    assert low.dpi == tall.dpi == DPI                          # the lessons' one figure style
    assert drawing.draw([2, 3, 2], figsize=(5, 3)).get_size_inches() == pytest.approx((5, 3))


def _label_box(fig, text):
    """The label's white box as a polygon in display coordinates (turned with the text)."""
    renderer = fig.canvas.get_renderer()
    text.draw(renderer)                      # lays out the box around the text
    patch = text.get_bbox_patch()
    return patch.get_path().transformed(patch.get_transform())


def test_a_weight_label_lies_along_its_own_line_not_across_a_neighbour():
    """On the worked example's drawing (as in 05), no weight label's box meets another line leaving
    the same neuron: w³₁₃ = -0.74 used to sit on the thick line of w³₂₃."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.path import Path
    fig = drawing.draw(le.network(), show=("w", "b"), figsize=(6.4, 4.0))
    FigureCanvasAgg(fig).draw()
    d = fig.drawing
    for (l, j, k), text in d.weight_text.items():
        line = d.weights[(l, j, k)]
        (x0, y0), (x1, y1) = line.get_xydata()
        assert np.isclose(text.get_rotation() % 360, np.degrees(np.arctan2(y1 - y0, x1 - x0)) % 360)
        box = _label_box(fig, text)
        for (l2, j2, k2), other in d.weights.items():
            if (l2, k2) == (l, k) and j2 != j:          # another line from the same neuron
                segment = Path(other.get_transform().transform(other.get_xydata()))
                assert not box.intersects_path(segment, filled=True), ((l, j, k), (l2, j2, k2))
