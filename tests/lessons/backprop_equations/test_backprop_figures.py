"""The figures of notebooks 02-04: what they draw, their numbers, and labels that stay inside."""
import numpy as np
import pytest

import bpcore
from bpcore.lessons.backprop_algorithm.figures import (
    activation_figure,
    output_error_figure,
    pixel_gradient_figure,
    softsign_unit,
)
from bpcore.lessons.backprop_equations.figures import spotlight, weight_key
from bpcore.lessons.backprop_equations.nudge_plot import NudgePlot
from bpcore.lessons.kit.drawing import NEGATIVE, POSITIVE
from bpcore.lessons.lecture import example as lecture_example
from bpcore.lessons.matrices.figures import ColumnView

NEURONS = ["2,1", "2,2", "2,3", "3,1", "3,2"]


@pytest.fixture(scope="module")
def nudge():
    return NudgePlot(lecture_example.network(), np.array(lecture_example.X), np.array(lecture_example.Y))


def test_nudge_numbers_are_the_cost_differences(nudge):
    net, x, y = lecture_example.network(), np.array(lecture_example.X), np.array(lecture_example.Y)
    (d2, d3), _ = bpcore.deltas(net, x, y)
    C0 = bpcore.cost_value(net, x, y)
    for neuron in NEURONS:
        l, j, d, dC = nudge.numbers(neuron, 0.5)
        assert d == (d2, d3)[l - 2][j - 1, 0]
        assert dC == pytest.approx(lecture_example.cost_with_nudged_z(net, x, y, l, j, 0.5) - C0, abs=1e-15)
    # a small nudge: ΔC ≈ δ Δz
    l, j, d, dC = nudge.numbers("2,1", 1e-4)
    assert dC == pytest.approx(d * 1e-4, rel=1e-3)


def test_nudge_labels_stay_inside_for_every_neuron(nudge):
    renderer = nudge.live.canvas.get_renderer()
    fig_box = nudge.live.fig.bbox
    for neuron in NEURONS:
        nudge.update(neuron, -2.0)
        for text in (nudge.ax.yaxis.label, nudge.ax.xaxis.label, nudge.ax.title, nudge.readout):
            box = text.get_window_extent(renderer)
            assert box.x0 >= fig_box.x0 and box.x1 <= fig_box.x1, (neuron, text.get_text())
            assert box.y0 >= fig_box.y0 and box.y1 <= fig_box.y1, (neuron, text.get_text())
        tick_boxes = [t.get_window_extent(renderer) for t in nudge.ax.get_yticklabels() if t.get_text()]
        label_box = nudge.ax.yaxis.label.get_window_extent(renderer)
        assert all(label_box.x1 <= b.x0 for b in tick_boxes), neuron    # ticks never cover "ΔC"
        title_box = nudge.ax.title.get_window_extent(renderer)
        assert not title_box.overlaps(nudge.readout.get_window_extent(renderer))
        assert f"z^{neuron[0]}_{neuron[2]}" in nudge.live.description


def test_nudge_curve_and_tangent(nudge):
    nudge.update("3,2", 1.0)
    _, _, d, _ = nudge.numbers("3,2", 1.0)
    xs, ys = nudge.tangent.get_data()
    assert np.allclose(ys, d * np.asarray(xs))
    xs, ys = nudge.curve.get_data()
    assert ys[len(ys) // 2] == pytest.approx(0.0, abs=1e-15)       # ΔC = 0 at Δz = 0
    assert nudge.point.get_data()[0][0] == 1.0


@pytest.mark.render
def test_nudge_point_lies_on_the_curve_after_any_history():
    """A neuron's axes limits depend on that neuron alone, never on Δz or the neuron shown before:
    a menu choice restores the neuron's cached background, and the point drawn over it must land
    on its curve (a point left in the limits once put it off the curve in the picture)."""
    def pixel_of_point(plot, neuron, dz):
        plot.update(neuron, dz)
        return plot.ax.transData.transform(np.column_stack(plot.point.get_data()))[0]

    fresh = NudgePlot(lecture_example.network(), np.array(lecture_example.X), np.array(lecture_example.Y))
    used = NudgePlot(lecture_example.network(), np.array(lecture_example.X), np.array(lecture_example.Y))
    used.widget(neuron="3,1", dz=0.5)   # every neuron drawn once (the cached scenes)
    for before, dz_before in (("3,1", 2.9), ("2,3", -3.0), ("3,2", 1.7)):
        used.update(before, dz_before)
        for neuron in NEURONS:
            assert np.allclose(pixel_of_point(used, neuron, 0.55), pixel_of_point(fresh, neuron, 0.55)), (before, neuron)
            assert used.ax.get_ylim() == fresh.ax.get_ylim()


@pytest.mark.render
def test_column_view_marks_the_largest_output_beyond_colour():
    rng = np.random.default_rng(0)
    inputs, outputs = rng.random((784, 4)), rng.random((10, 4))
    view = ColumnView(inputs, outputs, [7, 2, 1, 0])
    for column in range(4):
        a = view.update(column)
        best = int(np.argmax(outputs[:, column]))
        assert np.array_equal(a, outputs[:, column])
        hatches = [bar.get_hatch() or "" for bar in view.bars]
        assert hatches[best] and not any(h for j, h in enumerate(hatches) if j != best)
        assert view.answer.get_position()[0] == best
        assert [bar.get_height() for bar in view.bars] == list(outputs[:, column])
        assert f"neuron {best}" in view.live.description
        assert np.array_equal(view.image.get_array(), inputs[:, column].reshape(28, 28))


def test_static_figures_have_titles_and_labels():
    rng = np.random.default_rng(1)
    zero = np.zeros(784, bool)
    zero[:10] = True
    figs = [pixel_gradient_figure(rng.random(784), rng.random(784), zero),
            output_error_figure(rng.random((10, 50)), rng.random((10, 50)) * 0.1,
                                np.eye(10)[:, rng.integers(0, 10, 50)]),
            activation_figure()]
    for fig in figs:
        for ax in fig.axes:
            if ax.get_label() == "<colorbar>":
                continue
            assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_softsign_unit():
    f, f_prime = softsign_unit(np.array([0.0, 2.0, -2.0]))
    assert f[0] == 0.5 and f_prime[0] == 0.25
    assert f[1] == pytest.approx(0.75) and f[2] == pytest.approx(0.25)
    h = 1e-6
    z = np.array([0.7, 5.0, -3.0])
    numeric = (softsign_unit(z + h)[0] - softsign_unit(z - h)[0]) / (2 * h)
    assert np.allclose(numeric, softsign_unit(z)[1], atol=1e-8)


def test_spotlight_fades_everything_else():
    from bpcore.lessons.backprop_equations.figures import spotlight
    net = lecture_example.network()
    fig = spotlight(net, np.array(lecture_example.X), np.array(lecture_example.Y),
                    neurons=[(2, 3), (3, 1)], weights=[(3, 1, 3)], values={(3, 1): "δ = -0.1054"})
    d = fig.drawing
    assert d.weights[(3, 1, 3)].get_alpha() is None and d.weight_text[(3, 1, 3)].get_visible()
    assert all(line.get_alpha() == 0.18 for key, line in d.weights.items() if key != (3, 1, 3))
    assert not any(t.get_visible() for key, t in d.weight_text.items() if key != (3, 1, 3))
    assert d.neurons[(2, 3)].get_alpha() is None and d.neurons[(2, 2)].get_alpha() == 0.35
    assert d.neuron_text[(3, 1)].get_text() == "δ = -0.1054"
    assert d.neurons[(3, 1)].get_linewidth() > d.neurons[(3, 2)].get_linewidth()   # not colour alone


def test_spotlight_has_a_key_for_sign_and_size_below_the_network():
    net, x, y = lecture_example.network(), np.array(lecture_example.X), np.array(lecture_example.Y)
    fig = spotlight(net, x, y, neurons=[(2, 3), (3, 1)], weights=[(3, 1, 3)], title="w")
    ax = fig.drawing.ax
    key = ax.get_legend()
    assert [t.get_text() for t in key.get_texts()] == ["weight $w > 0$", "weight $w < 0$", "small $|w|$", "large $|w|$"]
    lines = key.get_lines()
    # the key draws the same cues as the network: colour and line style for the sign, width for |w|
    for line, style in zip(lines[:2], (POSITIVE, NEGATIVE)):
        net_lines = [w for w in fig.drawing.weights.values() if w.get_linestyle() == line.get_linestyle()]
        assert net_lines and all(w.get_color() == line.get_color() == style["color"] for w in net_lines)
    assert lines[2].get_linewidth() < lines[3].get_linewidth()
    # below the tick labels ("layer 3\noutput"): it covers neither them nor the network
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    key_box = key.get_window_extent(renderer)
    ticks = [t.get_window_extent(renderer) for t in ax.get_xticklabels()]
    assert key_box.y1 < min(b.y0 for b in ticks)
    assert not any(key_box.overlaps(c.get_window_extent(renderer)) for c in fig.drawing.neurons.values())


def test_weight_key_works_on_any_drawing_axes():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from bpcore.lessons.kit.drawing import draw_network
    fig, ax = plt.subplots()
    draw_network(lecture_example.network(), ax=ax)
    assert weight_key(ax) is ax.get_legend()
    plt.close(fig)


def test_output_error_figure_labels_its_curves_directly():
    rng = np.random.default_rng(2)
    fig = output_error_figure(rng.random((10, 50)), rng.random((10, 50)) * 0.1, (rng.random((10, 50)) < 0.1) * 1.0)
    texts = {t.get_text(): t.get_position() for t in fig.axes[0].texts}
    assert texts["$y_j = 1$"][0] == pytest.approx(1 / 3) and texts["$y_j = 0$"][0] == pytest.approx(2 / 3)


def test_a_neuron_chosen_again_costs_no_full_draw():
    nudge = NudgePlot(lecture_example.network(), lecture_example.X, lecture_example.Y)
    view = nudge.widget(neuron="3,1", dz=0.5)
    full_draws = []
    real = nudge.live.canvas.draw
    nudge.live.canvas.draw = lambda: (full_draws.append(1), real())[1]
    menu = view.controls["neuron"]
    for option in ["2,1", "2,2", "2,3", "3,2", "3,1"]:
        menu.value = option
        assert f"z^{option[0]}_{option[2]}" in nudge.live.description
    assert full_draws == []                            # every neuron was drawn when the widget was built
    before = bytes(nudge.live.widget.value)
    menu.value = "2,1"
    assert bytes(nudge.live.widget.value) != before
