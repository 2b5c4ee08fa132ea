"""The lecture's 2-3-2 worked example reproduced: every slide number agrees with bpcore to the
slide's rounding, except the known slide errors, which are flagged."""
import numpy as np

import bpcore
from bpcore.lessons import lecture_example as le


def test_every_slide_value_agrees_except_the_known_errors():
    rows = le.comparison_rows()
    assert len(rows) == 32  # z², a², z³, a³, δ³, δ², ∂C/∂w³, ∂C/∂w², ∂C/∂b³, ∂C/∂b²
    flagged = [r for r in rows if not r.agrees]
    assert [r.entry for r in flagged] == ["∂C/∂w³_13"]
    assert all(r.note == "" for r in rows if r.agrees)


def test_the_known_slide_error_is_flagged_and_explained():
    (row,) = [r for r in le.comparison_rows() if r.entry == "∂C/∂w³_13"]
    assert row.printed == "-0.0098" and row.decimals == 4 and not row.agrees
    assert round(row.computed, 4) == -0.0582
    assert "slide error" in row.note and "−0.0582" in row.note
    values = le.computed_values()
    # the explanation is BP4 itself: a²_3 δ³_1
    assert np.isclose(row.computed, values["a2"][2] * values["delta3"][0])


def test_rounding_is_judged_by_the_printed_decimals():
    assert le.decimals("-0.0098") == 4 and le.decimals("0.29") == 2 and le.decimals("1") == 0
    assert le.agrees(0.2932, "0.29") and le.agrees(0.325195, "0.33")
    assert not le.agrees(0.2854, "0.28")          # the value z³_1 would have from the rounded a²
    assert le.agrees(-0.03089, "-0.031") and not le.agrees(-0.03089, "-0.0310000001")


def test_an_unexplained_disagreement_is_flagged_loudly():
    net = le.network()
    net.biases[0][0, 0] += 0.1   # changes z²_1 and everything after it
    rows = le.comparison_rows(net)
    bad = [r for r in rows if not r.agrees]
    assert any(r.entry == "z²_1" and r.note.startswith("DISAGREES") for r in bad)


def test_values_match_the_lecture_by_hand():
    v = le.computed_values()
    w2, w3, b2, b3 = (np.array(p) for p in (le.W2, le.W3, le.B2, le.B3))
    z2 = w2 @ np.array(le.X) + b2
    a2 = 1 / (1 + np.exp(-z2))
    z3 = w3 @ a2 + b3
    a3 = 1 / (1 + np.exp(-z3))
    d3 = (a3 - np.array(le.Y)) * a3 * (1 - a3)
    d2 = (w3.T @ d3) * a2 * (1 - a2)
    for key, ref in [("z2", z2), ("a2", a2), ("z3", z3), ("a3", a3), ("delta3", d3), ("delta2", d2),
                     ("dC/dw3", np.outer(d3, a2)), ("dC/dw2", np.outer(d2, le.X)),
                     ("dC/db3", d3), ("dC/db2", d2)]:
        np.testing.assert_allclose(v[key], ref, rtol=1e-12, atol=1e-15)


def test_network_maps_slide_names_to_lecture_layers():
    net = le.network()
    assert net.sizes == [2, 3, 2]
    np.testing.assert_array_equal(net.w(2), le.W2)   # the slide's w_1
    np.testing.assert_array_equal(net.w(3), le.W3)   # the slide's w_2
    np.testing.assert_array_equal(net.b(3)[:, 0], le.B3)


def test_one_sgd_step_lowers_the_cost():
    x, y = np.array(le.X), np.array(le.Y)
    before = bpcore.cost_value(le.network(), x, y)
    for eta in (1.0, 3.0):
        net = le.network()
        bpcore.update_mini_batch(net, x.reshape(2, 1), y.reshape(2, 1), eta, "quadratic")
        assert bpcore.cost_value(net, x, y) < before


def test_nudging_z_changes_the_cost_by_delta_times_dz():
    net, x, y = le.network(), np.array(le.X), np.array(le.Y)
    (d2, d3), _ = bpcore.deltas(net, x, y)
    c0 = le.cost_with_nudged_z(net, x, y, 2, 0, 0.0)
    assert c0 == bpcore.cost_value(net, x, y)
    for l, d in ((2, d2), (3, d3)):
        for j in range(d.shape[0]):
            dc = le.cost_with_nudged_z(net, x, y, l, j, 1e-5) - c0
            assert np.isclose(dc, d[j, 0] * 1e-5, rtol=1e-3)


def test_numerical_errors_match_deltas_on_a_batch():
    net = bpcore.Network([3, 4, 5, 2], seed=3)
    rng = np.random.default_rng(0)
    X, Y = rng.random((3, 6)), rng.random((2, 6))
    for cost in ("quadratic", "cross-entropy"):
        ds, _ = bpcore.deltas(net, X, Y, cost)
        for l in (2, 3, 4):
            assert le.relative_error(ds[l - 2], le.numerical_errors(net, X, Y, l, cost)) < 1e-7


def test_relative_error():
    assert le.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert le.relative_error([0.0], [0.0]) == 0.0
    assert le.relative_error([1.0], [-1.0]) == 1.0


def test_format_rows_is_a_fixed_width_table():
    text = le.format_rows(le.comparison_rows())
    lines = text.splitlines()
    assert len(lines) == 34
    assert "∂C/∂w³_13    -0.0098  -0.058195  NO  <- slide error" in text


def test_descent_costs_are_repeated_sgd_steps():
    costs, trained = le.descent_costs(2.0, steps=5, y=(0.3, 0.6))
    net = le.network()
    X1, Y1 = np.array(le.X).reshape(2, 1), np.array([[0.3], [0.6]])
    expected = [bpcore.cost_value(net, X1, Y1)]
    for _ in range(5):
        bpcore.update_mini_batch(net, X1, Y1, 2.0)
        expected.append(bpcore.cost_value(net, X1, Y1))
    np.testing.assert_array_equal(costs, expected)
    assert trained.params_equal(net)
    assert le.network().params_equal(le.network())   # the example itself is untouched


def test_each_named_eta_shows_its_regime():
    for name, eta in le.REGIME_ETAS.items():
        run = le.classify_run(eta)
        assert run.regime == name, (name, eta, run)
    stalled = le.classify_run(le.REGIME_ETAS["stalled"])
    assert abs(stalled.final_cost - 0.5 * (0.3**2 + 0.6**2)) < 1e-6   # both outputs stuck at 0
    assert le.classify_run(le.REGIME_ETAS["oscillating"]).rises >= 10
    assert le.classify_run(le.REGIME_ETAS["slow"]).rises == 0


def test_with_the_slide_target_a_larger_eta_is_never_worse():
    finals = [le.descent_costs(eta, 50, y=(1, 1))[0][-1] for eta in (0.1, 1, 10, 100, 1000)]
    assert all(b <= a for a, b in zip(finals, finals[1:]))


def test_cost_text_hides_only_what_rounding_could_change():
    assert le.cost_text(2.7e-21) == "< 1e-06" and le.cost_text(0.0083743) == "0.0084"
    assert le.cost_text(0.2249999) == "0.22"


def test_classify_run_accepts_a_run_at_hand():
    run = le.descent_costs(50.0)
    assert le.classify_run(50.0, run=run) == le.classify_run(50.0)


def test_the_eta_explorer_names_the_regime_and_describes_the_figure():
    ui = le.eta_explorer()
    eta = ui.controls["eta"]
    assert eta.description == "η" and "learning rate" in eta.tooltip
    for value, name in ((0.2, "slow"), (500.0, "stalled")):
        eta.value = value
        assert f"the run is {name}" in ui.live.description
    data, _ = ui._repr_mimebundle_()
    assert "image/png" in data and "the run is good" in data["text/plain"]   # the figure as first drawn


def test_the_explorer_verdict_sits_right_of_the_last_step():
    """The verdict box must not hide any part of a run's curve: its left edge lies beyond step 50."""
    ui = le.eta_explorer()
    fig, ax = ui.live.fig, ui.live.axes
    for value in (0.2, 5.0, 50.0, 500.0):
        ui.controls["eta"].value = value
        fig.canvas.draw()
        verdict = next(t for t in ax.texts if t.get_text().startswith("η ="))
        box = verdict.get_bbox_patch().get_window_extent(fig.canvas.get_renderer())
        left_step = ax.transData.inverted().transform((box.x0, box.y0))[0]
        assert left_step > le.ETA_STEPS + 1, (value, left_step)
    assert "rose in 1 step." in ui.live.description          # η = 500 rises once: no "1 steps"


def test_the_regimes_figure_keeps_the_floor_off_the_axis():
    ax = le.regimes_figure().axes[0]
    assert ax.get_ylim()[0] < 1e-12                          # a curve drawn flat at 10⁻¹² stays visible
    good, = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert np.argmax(good.get_ydata() <= 1e-12) == 28        # η = 5 reaches the floor at step 28, as the alt says


def test_the_criteria_judge_the_cost_where_the_run_ends():
    """A run that dips below 10⁻⁴ mid-way but ends above it, rising often, is oscillating."""
    costs, _ = le.descent_costs(10 ** 1.8)
    assert costs.min() < 1e-4 < costs[-1]
    assert le.classify_run(10 ** 1.8).regime == "oscillating"
    assert all("ends" in text for text in le.REGIMES.values())
