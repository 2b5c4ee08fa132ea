"""bpcore.lessons.stochastic_gradient_descent.cost_surface: one sigmoid neuron's C(w, b), its gradient and the descent paths,
checked against bpcore's network of one neuron and against plain loops."""
import numpy as np
import pytest

import bpcore
from bpcore.lessons.lecture.curvature import curvature, hessian_by_differences, step_factor
from bpcore.lessons.stochastic_gradient_descent import cost_surface as cs


def one_neuron(w, b):
    return bpcore.Network.from_params([[[w]]], [[b]])


def data(n=7, seed=4):
    rng = np.random.default_rng(seed)
    return rng.uniform(-3, 3, n), rng.uniform(0, 1, n)


@pytest.mark.parametrize("w, b", [(-4.0, 3.0), (1.9, -0.8), (0.3, 0.1), (21.8, -5.9)])
def test_gradient_and_cost_equal_bpcore_for_the_one_neuron_network(w, b):
    for x, y in [(cs.X_DATA, cs.Y_DATA), data()]:
        X, Y = x[None, :], y[None, :]
        nabla_b, nabla_w = bpcore.backprop(one_neuron(w, b), X, Y)
        dw, db = cs.gradient(w, b, x, y)
        assert dw == pytest.approx(nabla_w[0][0, 0], rel=1e-12, abs=1e-300)
        assert db == pytest.approx(nabla_b[0][0, 0], rel=1e-12, abs=1e-300)
        assert cs.cost(w, b, x, y) == pytest.approx(bpcore.cost_value(one_neuron(w, b), X, Y), rel=1e-12)


def test_gradient_matches_central_differences():
    h = 1e-6
    for w, b in [(-1.0, 0.5), (2.5, -1.5)]:
        dw = (cs.cost(w + h, b) - cs.cost(w - h, b)) / (2 * h)
        db = (cs.cost(w, b + h) - cs.cost(w, b - h)) / (2 * h)
        assert cs.gradient(w, b) == pytest.approx((dw, db), rel=1e-6)


def test_cost_on_a_grid_is_pointwise():
    W, B = np.meshgrid([-1.0, 0.0, 2.0], [0.5, -3.0])
    C = cs.cost(W, B)
    assert C.shape == (2, 3)
    assert C[1, 2] == cs.cost(2.0, -3.0)


def test_gradient_descent_is_the_plain_update_rule():
    path = cs.gradient_descent((-4, 3), 10.0, 5)
    assert path.shape == (6, 2) and tuple(path[0]) == (-4.0, 3.0)
    p = np.array([-4.0, 3.0])
    for t in range(5):
        p = p - 10.0 * np.array(cs.gradient(*p))
        assert np.allclose(path[t + 1], p, rtol=1e-14, atol=0)


@pytest.mark.parametrize("steps", [1, 7, 30])
def test_sgd_with_m_equal_n_is_gradient_descent_exactly(steps):
    for x, y in [(cs.X_DATA, cs.Y_DATA), data()]:
        gd = cs.gradient_descent((0.5, -1.0), 3.0, steps, x, y)
        for seed in (0, 5):
            assert np.array_equal(cs.sgd_path((0.5, -1.0), 3.0, x.size, steps, seed, x, y), gd)


def test_sgd_steps_are_the_lectures_rule_on_shuffled_epochs():
    # n = 7, m = 3: each epoch is batches of 3, 3 and 1 example of one permutation
    x, y = data()
    eta, m, seed = 2.0, 3, 11
    path = cs.sgd_path((0.2, 0.3), eta, m, 6, seed, x, y)
    rng = np.random.default_rng(seed)
    p, t = np.array([0.2, 0.3]), 0
    while t < 6:
        order = rng.permutation(7)
        for k in range(0, 7, m):
            if t == 6:
                break
            batch = order[k:k + m]
            # (η/m) Σ_j ∇C_{X_j}, one example at a time
            total = sum(np.array(cs.gradient(*p, x[[j]], y[[j]])) for j in batch)
            p = p - eta / len(batch) * total
            t += 1
            assert np.allclose(path[t], p, rtol=1e-13, atol=1e-15)


def test_sgd_is_deterministic_in_its_seed_and_the_seed_matters():
    a = cs.sgd_path((-4, 3), 10.0, 1, 50, seed=3)
    assert np.array_equal(a, cs.sgd_path((-4, 3), 10.0, 1, 50, seed=3))
    assert not np.array_equal(a, cs.sgd_path((-4, 3), 10.0, 1, 50, seed=4))


def test_the_notebooks_regimes_hold():
    # what notebook 01 tells the student about eta, from the start (-4, 3) in 100 steps
    start, c_min = (-4, 3), cs.cost(1.9419, -0.8359)
    crawl = cs.gradient_descent(start, 1.0, 100)
    assert cs.cost(*crawl[-1]) > 0.2                                      # still high
    good = cs.gradient_descent(start, 10.0, 100)
    assert cs.cost(*good[-1]) < 1.01 * c_min
    bounce = cs.gradient_descent(start, 100.0, 100)
    assert np.linalg.norm(bounce[-1] - bounce[-3]) < 0.01 < 0.5 < np.linalg.norm(bounce[-1] - bounce[-2])
    stall = cs.gradient_descent(start, 400.0, 100)
    z = stall[2, 0] * cs.X_DATA + stall[2, 1]
    assert np.sum(bpcore.sigmoid_prime(z) < 0.01) == 11                  # saturated
    assert np.linalg.norm(stall[-1] - stall[2]) < 1.5 and cs.cost(*stall[-1]) > 10 * c_min


@pytest.mark.parametrize("call, message", [
    (lambda: cs.gradient_descent((0, 0), -1.0, 5), "eta must be a positive"),
    (lambda: cs.gradient_descent((0, 0), 1.0, 2.5), "steps must be an integer"),
    (lambda: cs.gradient_descent((0, np.nan), 1.0, 5), "finite numbers; b is nan"),
    (lambda: cs.gradient_descent(3.0, 1.0, 5), "start must be a pair"),
    (lambda: cs.sgd_path((0, 0), 1.0, 0, 5), "m must be an integer in 1..12"),
    (lambda: cs.sgd_path((0, 0), 1.0, 13, 5), "at most n = 12"),
    (lambda: cs.sgd_path((0, 0), 1.0, 2, 5, seed=1.5), "seed must be an integer"),
    (lambda: cs.cost(0, 0, [1, 2], [0.5]), "same length"),
    (lambda: cs.gradient(0, 0, [1, np.inf], [0.5, 0.5]), "x contains NaN or infinite"),
])
def test_bad_input_gets_a_clear_message(call, message):
    with pytest.raises((TypeError, ValueError), match=message):
        call()




# ---- the curvature at the minimum: why η has a largest stable value --------------------------
def test_hessian_matches_central_differences_of_the_gradient():
    for w, b in [(1.9, -0.8), (-1.0, 0.5), (2.5, -1.5)]:
        for x, y in [(cs.X_DATA, cs.Y_DATA), data()]:
            measured = hessian_by_differences(lambda p: np.array(cs.gradient(*p, x, y)), np.array([w, b]))
            assert cs.hessian(w, b, x, y) == pytest.approx(measured, rel=1e-5, abs=1e-10)


def test_minimum_is_where_the_gradient_vanishes_and_gradient_descent_settles():
    p = cs.minimum()
    assert np.linalg.norm(cs.gradient(*p)) < 1e-12
    assert np.all(np.linalg.eigvalsh(cs.hessian(*p)) > 0)
    assert np.allclose(cs.gradient_descent((-4, 3), 30.0, 2000)[-1], p, atol=1e-8)
    with pytest.raises(ValueError, match="start closer"):
        cs.minimum(start=(-30.0, 30.0), steps=3)


@pytest.mark.parametrize("below", [True, False])
def test_two_over_lambda_max_separates_settling_from_growing(below):
    """One step from a point very near the minimum along the steepest direction multiplies the
    distance by |1 − η λ_max|: below 2/λ_max it shrinks, above it grows."""
    p = cs.minimum()
    bowl = curvature(cs.hessian(*p))
    steepest = bowl.eigenvectors[:, -1]
    eta = bowl.eta_edge * (0.95 if below else 1.05)
    after = cs.gradient_descent(tuple(p + 1e-5 * steepest), eta, 1)[1]
    factor = abs((after - p) @ steepest) / 1e-5
    assert factor == pytest.approx(step_factor(eta, bowl.lambda_max), rel=1e-3)
    assert (factor < 1) == below


def test_curvature_view_follows_the_bowl_near_the_minimum_and_names_what_it_shows():
    live_axes = Figure().subplots(1, 2)
    view = sf.CurvatureView(*live_axes, sgd_widgets.curvature_start(0.01), steps=10)
    text = view.set_eta(60.0)
    path, measured, bowl = view.paths(60.0)
    assert measured[-1] < measured[0] and measured == pytest.approx(bowl, rel=0.05)
    assert "settles" in text and "0.520" in text
    text = view.set_eta(85.0)
    assert "pushed away" in text and "1.153" in text
    assert len(view.path.get_xdata()) == 11


@pytest.mark.render
def test_explorers_redraw_and_describe_their_figure():
    for explorer, name, value in [(sgd_widgets.paths_explorer(), "m", 3),
                                  (sgd_widgets.curvature_explorer(), "eta", 85.0)]:
        control = explorer.controls[name]
        assert control.description and control.tooltip
        before = explorer.live.description
        control.value = value                          # the slider's change redraws the figure
        assert explorer.live.description != before

# ---- notebook 01's figures (bpcore.lessons.stochastic_gradient_descent.surface_figures, sgd_figures) ------------------------
import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

from bpcore.lessons.stochastic_gradient_descent import figures as sgd_figures
from bpcore.lessons.stochastic_gradient_descent import surface_figures as sf  # noqa: E402
from bpcore.lessons.stochastic_gradient_descent import widgets as sgd_widgets  # noqa: E402


def test_cost_surface_figure_draws_contours_and_returns_two_distinguishable_empty_paths():
    ax = Figure().subplots()
    gd, sgd, start, minimum = sf.draw_cost_surface(ax, (-4, 3))
    assert (start.get_xdata()[0], start.get_ydata()[0]) == (-4, 3)
    assert (minimum.get_xdata()[0], minimum.get_ydata()[0]) == sf.MINIMUM
    assert len(gd.get_xdata()) == 0 and len(sgd.get_xdata()) == 0
    assert gd.get_linestyle() != sgd.get_linestyle() and gd.get_marker() != sgd.get_marker()
    assert ax.get_xlim() == (-6, 24) and ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    text = sf.describe_paths(cs.gradient_descent((-4, 3), 10.0, 5), cs.sgd_path((-4, 3), 10.0, 1, 5),
                                      10.0, 1, 0)
    assert "5 updates" in text and "m = 1" in text


def _pixel_at_minimum(fig, ax, rgba):
    x, y = ax.transData.transform(sf.MINIMUM)
    return rgba[int(round(fig.bbox.height - y)), int(round(x)), :3]


def test_the_minimum_marker_stays_visible_over_a_path_through_it():
    """Its white face must show where a black path crosses it: in a full draw (zorder) and in a
    LivePlot's blitted redraw (moving artists drawn in the order registered, paths first)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from bpcore.lessons.kit.widgets import LivePlot

    through = [sf.MINIMUM[0] - 3, sf.MINIMUM[0] + 3], [sf.MINIMUM[1]] * 2
    fig = Figure(dpi=100)
    canvas = FigureCanvasAgg(fig)
    ax = fig.subplots()
    gd, *_ = sf.draw_cost_surface(ax, (-4, 3), points=41)
    gd.set_data(*through)
    gd.set_linewidth(4)
    canvas.draw()
    assert _pixel_at_minimum(fig, ax, np.asarray(canvas.buffer_rgba())).min() > 240

    for paths_first in (True, False):
        live = LivePlot(figsize=(6, 4))
        gd, sgd, start, minimum = sf.draw_cost_surface(live.axes, (-4, 3), points=41)
        live.moving(gd, sgd, start, minimum) if paths_first else live.moving(start, minimum, gd, sgd)
        gd.set_linewidth(4)
        live.redraw()                               # first, full draw (empty paths)
        gd.set_data(*through)
        live.redraw()                               # blit: only the moving artists again
        pixel = _pixel_at_minimum(live.fig, live.axes, live.rgba())
        # registered the other way round, the path hides the face: the check can fail
        assert pixel.min() > 240 if paths_first else pixel.max() < 60


def test_histograms_count_the_estimates_and_say_when_the_axes_change():
    rng = np.random.default_rng(0)
    values = rng.normal(size=(2, 500))
    axes = Figure().subplots(1, 2)
    hist = sgd_widgets.EstimateHistograms(axes, values, [(3, 1, 2), (2, 5, 6)], draws=50)
    assert "w^3_{1,2}" in axes[0].get_title() and "net.w(3)[0, 1]" in axes[0].get_title()   # the lecture's, from 1
    estimates = rng.normal(size=(50, 2))
    assert hist.set_estimates(estimates, 1) is True            # the first call sets the heights
    counts, _ = np.histogram(estimates[:, 0], hist.edges[0])
    assert np.array_equal(hist.bars[0].get_data().values, counts)
    assert hist.set_estimates(rng.normal(size=(50, 2)), 1) is False
    assert axes[0].get_ylim() == (0, 60)
    spike = np.zeros((100, 2)) + values.mean(axis=1)         # 100 estimates in one bin: taller axes
    assert hist.set_estimates(spike, 500) is True and axes[0].get_ylim() == (0, 240)


@pytest.mark.render
def test_accuracy_figure_keeps_its_size_whatever_the_timings_and_styles_each_run():
    from bpcore.lessons.kit.figures import figure_image

    runs = {8000: [0.1, 0.1, 0.2], 10: [0.1, 0.6, 0.8]}
    sizes = set()
    for scale in (0.3, 1.0, 2.5, 12.0, 40.0):    # tick labels from "0.2" to "40.0"
        clocks = {8000: [0.0, 0.05 * scale, 0.1 * scale], 10: [0.0, 0.13 * scale, 0.27 * scale]}
        fig, alt = sgd_figures.accuracy_figure(runs, clocks, 8000)
        sizes.add(figure_image(fig, "accuracy curves").css_size)
    assert len(sizes) == 1, sizes                # the stored <img width> must not follow the timings
    clocks = {8000: [0.0, 0.05, 0.1], 10: [0.0, 0.13, 0.27]}
    fig, alt = sgd_figures.accuracy_figure(runs, clocks, 8000)
    assert "m = 10 (circles, dotted) 80%" in alt and "full batch (squares, solid) 20%" in alt
    left, right = fig.axes
    assert right.get_xticks()[-1] == pytest.approx(0.4) and 0.4 < right.get_xlim()[1] < 0.45
    styles = {(line.get_linestyle(), line.get_marker()) for line in left.get_lines()}
    assert len(styles) == 2
