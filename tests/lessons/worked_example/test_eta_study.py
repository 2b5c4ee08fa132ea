"""The η study: repeated gradient-descent steps on the worked example, named by the curvature
of the cost (2/λ_max) rather than by thresholds on the costs."""
import numpy as np
import pytest

import bpcore
from bpcore.lessons.lecture import example as le
from bpcore.lessons.lecture.saturation import SATURATION_Z
from bpcore.lessons.worked_example import eta_study as es
from bpcore.lessons.worked_example import figures as eta_figures


@pytest.fixture(scope="module")
def minimum():
    return es.curvature_at_minimum()


@pytest.fixture(scope="module")
def runs():
    return es.sweep()


def test_descent_costs_are_repeated_sgd_steps():
    costs, trained = es.descent_costs(2.0, steps=5, y=(0.3, 0.6))
    net = le.network()
    X1, Y1 = np.array(le.X).reshape(2, 1), np.array([[0.3], [0.6]])
    expected = [bpcore.cost_value(net, X1, Y1)]
    for _ in range(5):
        bpcore.update_mini_batch(net, X1, Y1, 2.0)
        expected.append(bpcore.cost_value(net, X1, Y1))
    np.testing.assert_array_equal(costs, expected)
    for p, q in zip(trained.weights + trained.biases, net.weights + net.biases):
        np.testing.assert_array_equal(p, q)
    np.testing.assert_array_equal(le.network().w(3), le.W3)   # the example itself is untouched


def test_the_hessian_is_the_derivative_of_the_gradient():
    net = le.network()
    H = es.hessian(net)
    assert H.shape == (17, 17) and np.allclose(H, H.T)
    theta, direction = es.parameters(net), np.linspace(-1, 1, 17)
    h = 1e-4
    # second difference of the cost itself along one direction: d^T H d
    cost = lambda t: bpcore.cost_value(es._network_at(net, t), np.ones((2, 1)), np.array([[0.3], [0.6]]))
    second = (cost(theta + h * direction) - 2 * cost(theta) + cost(theta - h * direction)) / h**2
    assert second == pytest.approx(direction @ H @ direction, rel=1e-4)


def test_the_curvature_at_the_minimum(minimum):
    costs, _ = es.descent_costs(es.ETA_AT_MINIMUM)
    assert costs[-1] < 1e-20
    assert minimum.eta_edge == pytest.approx(12.70, abs=0.01)          # the notebook's 12.7
    assert minimum.lambda_next == pytest.approx(0.0702, abs=1e-4)
    # 2 outputs: at a minimum H = J^T J has rank 2, every other eigenvalue is about 0
    eigenvalues = np.linalg.eigvalsh(es.hessian(es.descent_costs(es.ETA_AT_MINIMUM)[1]))
    assert np.all(np.abs(eigenvalues[:-2]) < 1e-6)


def test_the_cost_first_rises_just_above_two_over_lambda_max(minimum):
    rises = {eta: int(np.sum(np.diff(es.descent_costs(eta)[0]) > 0)) for eta in np.arange(12.0, 13.05, 0.1)}
    first = min(eta for eta, n in rises.items() if n)
    assert minimum.eta_edge < first < 13.0                              # "the cost first rises near η = 13"


def test_the_regimes_follow_the_curvature(runs, minimum):
    by = {r.regime: [x.eta for x in runs if x.regime == r.regime] for r in runs}
    assert list(by) == ["converges", "overshoots, then settles", "overshoots", "saturated"]   # in this order of η
    assert max(by["converges"]) < minimum.eta_edge < min(by["overshoots, then settles"])
    assert all(r.rises == 0 for r in runs if r.regime == "converges")
    settled = [r for r in runs if r.regime == "overshoots, then settles"]
    assert all(r.rises > 0 and r.eta < r.eta_edge_at_end and r.costs[-1] < 1e-4 for r in settled)
    # saturated as the lessons define it, |z| > ln 99: σ′ below σ′(ln 99) = 0.0099; no other run is
    saturated_below = float(bpcore.sigmoid_prime(SATURATION_Z))
    assert all((r.min_sigma_prime < saturated_below) == (r.regime == "saturated") for r in runs)
    assert max(by["overshoots, then settles"]) < 30 < min(by["overshoots"])
    assert 89 < min(by["saturated"]) <= 100


def test_the_best_eta_is_near_the_quadratic_models(runs, minimum):
    best = 2 / (minimum.lambda_max + minimum.lambda_next)               # equal factors along both directions
    assert best == pytest.approx(8.78, abs=0.01)
    floor = [r.eta for r in runs if r.costs[-1] < 1e-31]
    assert min(floor) < best < max(floor) < minimum.eta_edge


def test_with_the_slide_target_a_larger_eta_is_never_worse():
    finals = [es.descent_costs(eta, 50, y=(1, 1))[0][-1] for eta in np.logspace(-1, 3, 41)]
    assert all(b <= a for a, b in zip(finals, finals[1:]))


def test_a_saturated_run_ends_where_both_outputs_are_stuck():
    run = es.classify_run(500.0)
    assert run.regime == "saturated" and run.rises == 1
    assert abs(run.costs[-1] - 0.5 * (0.3**2 + 0.6**2)) < 1e-6


def test_cost_text_hides_only_what_rounding_could_change():
    assert es.cost_text(2.7e-21) == "< 1e-06" and es.cost_text(0.0083743) == "0.0084"


def test_the_sweep_figure_marks_the_edge_and_describes_every_regime(runs, minimum):
    fig, alt = eta_figures.sweep_figure(runs, minimum)
    ax = fig.axes[0]
    assert any(np.allclose(line.get_xdata(), minimum.eta_edge) for line in ax.lines)
    assert "2/λ_max = 12.7" in alt and "overshoots for η from 31.6 to 89.1" in alt and "floor of 10⁻¹² for η from 3.16 to 11.2" in alt
    assert {t.get_text() for t in ax.get_legend().get_texts()} == set(es.REGIMES)
    assert min(t.get_fontsize() for t in ax.get_legend().get_texts()) >= 10


def test_the_explorer_names_the_regime_and_keeps_its_verdict_off_the_curve():
    ui = eta_figures.eta_explorer()
    eta = ui.controls["eta"]
    assert eta.description == "η" and "learning rate" in eta.tooltip
    fig, ax = ui.live.fig, ui.live.axes
    for value, name in ((0.2, "converges"), (20.0, "overshoots, then settles"), (50.0, "overshoots"),
                        (500.0, "saturated")):
        eta.value = value
        assert f"the run {name}:" in ui.live.description
        fig.canvas.draw()
        verdict = next(t for t in ax.texts if t.get_text().startswith("η ="))
        box = verdict.get_bbox_patch().get_window_extent(fig.canvas.get_renderer())
        assert ax.transData.inverted().transform((box.x0, box.y0))[0] > es.ETA_STEPS + 1
    assert "rose in 1 step." in ui.live.description
    data, _ = ui._repr_mimebundle_()
    assert "image/png" in data and "the run converges" in data["text/plain"]   # as first drawn, η = 5


def test_no_minimum_is_flatter_than_the_output_bias_allows(runs):
    """At a minimum a³ = (0.3, 0.6), so σ′(z³_2) = 0.24 and ∂a³_2/∂b³_2 alone gives
    λ_max ≥ 0.24²: 2/λ_max ≤ 34.7 (the notebook's "above η ≈ 35 no minimum can be flat enough")."""
    settled = [r for r in runs if r.regime == "overshoots, then settles"]
    assert settled and all(r.eta_edge_at_end <= 2 / 0.24**2 for r in settled)
    assert all(r.eta < 2 / 0.24**2 for r in runs if r.regime in ("converges", "overshoots, then settles"))
