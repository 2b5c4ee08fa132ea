"""The lessons' one figure style (bpcore.lessons.kit.figures): every static figure of notebooks 01,
03, 04, 05 and 06 is drawn at the style's DPI, and no text on it is smaller than MIN_TEXT
(notebook 07's figures are checked in tests/lessons/training_dashboard)."""
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from bpcore.lessons.backprop_algorithm import figures as algorithm_figures
from bpcore.lessons.backprop_equations import figures as equation_figures
from bpcore.lessons.kit.drawing import draw
from bpcore.lessons.kit.figures import DPI, MIN_TEXT, new_figure, run_style
from bpcore.lessons.lecture import example
from bpcore.lessons.saturation import experiments, figures as saturation_figures
from bpcore.lessons.stochastic_gradient_descent import figures as sgd_figures
from bpcore.lessons.worked_example import eta_study, figures as worked_figures


def _static_figures():
    net, x, y = example.network(), np.array(example.X), np.array(example.Y)
    rng = np.random.default_rng(0)
    a_out, Y = rng.random((10, 40)), np.eye(10)[:, rng.integers(0, 10, 40)]
    runs = eta_study.sweep(np.array([1.0, 20.0, 200.0]))
    costs, outputs = experiments.single_neuron_costs(w=2.0, b=2.0, x=1.0, y=0.0, eta=0.15, epochs=120)
    return {
        "03 spotlight": equation_figures.spotlight(net, x, y, neurons=[(2, 1), (3, 1)], weights=[(3, 1, 1)],
                                                   values={(2, 1): "δ = 0.0033"}, title="BP2"),
        "04 pixel gradients": algorithm_figures.pixel_gradient_figure(rng.random(784), rng.random(784),
                                                                      rng.random(784) < 0.1),
        "04 output errors": algorithm_figures.output_error_figure(a_out, a_out * (1 - a_out) * (a_out - Y), Y),
        "04 activations": algorithm_figures.activation_figure(),
        "05 network": worked_figures.network_figure(net)[0],
        "05 sweep": worked_figures.sweep_figure(runs, eta_study.curvature_at_minimum())[0],
        "01 timing": sgd_figures.timing_figure([1000, 2000], [0.01, 0.02], 1e-5)[0],
        "06 σ′ decay": saturation_figures.sigma_prime_decay_figure()[0],
        "06 one neuron": saturation_figures.single_neuron_figure(costs, outputs)[0],
        "a drawn network": draw([3, 4, 2]),
    }


@pytest.fixture(scope="module")
def static_figures():
    return _static_figures()


def _texts(fig):
    FigureCanvasAgg(fig).draw()
    return [t for t in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
            if t.get_text().strip() and t.get_visible()]


@pytest.mark.render
def test_every_static_figure_is_drawn_at_the_styles_dpi_with_no_text_below_the_minimum(static_figures):
    for name, fig in static_figures.items():
        assert fig.dpi == DPI, name
        sizes = [t.get_fontsize() for t in _texts(fig)]
        assert sizes and min(sizes) >= MIN_TEXT, (name, min(sizes))


def test_new_figure_is_in_the_style():
    fig, axes = new_figure((6.4, 3.6), 2, sharey=True)
    assert fig.dpi == DPI and len(axes) == 2 and fig.get_layout_engine() is not None
    fig, ax = new_figure((4, 3))
    assert hasattr(ax, "plot")


def test_runs_are_told_apart_by_more_than_colour():
    styles = [run_style(k) for k in range(6)]
    assert len({s["color"] for s in styles}) == 6
    assert len({(s["marker"], s["linestyle"]) for s in styles}) == 6
    assert run_style(0, finished=False)["linestyle"] == ":"
