"""bpcore.lessons.dashboard: reproducible runs, stalls and divergence reported (never raised), each
mini-batch's cost, the hidden neurons' images, the widget's controls and redraws, and the
precomputed η × m grid."""
import hashlib
import shutil

import numpy as np
import pytest

import bpcore
from bpcore.lessons import dashboard as dash_module
from bpcore.lessons.dashboard import (BATCH_SIZES, Dashboard, GridChecksumError, describe_hidden_weights,
                                      hidden_weights_figure, load_eta_m_grid, plot_eta_m_grid, plot_runs,
                                      train_run)


@pytest.fixture(scope="module")
def small():
    """1,000 training and 500 test images: enough to learn something, fast."""
    (X, y), (Xt, yt) = bpcore.load_mnist()
    return (X[:, :1000], y[:1000]), (Xt[:, :500], yt[:500])


def test_train_run_is_deterministic_and_learns(small):
    a = train_run(small, eta=3.0, m=10, epochs=2, hidden=20, seed=1)
    b = train_run(small, eta=3.0, m=10, epochs=2, hidden=20, seed=1)
    assert a.costs == b.costs and a.test_accuracy == b.test_accuracy
    assert len(a.costs) == len(a.test_accuracy) == 3       # before training + 2 epochs
    assert not a.diverged and not a.stalled and a.outcome == "finished"
    assert a.costs[-1] < a.costs[0] and a.final_accuracy > a.test_accuracy[0] + 0.2
    other = train_run(small, eta=3.0, m=10, epochs=2, hidden=20, seed=2)
    assert other.costs != a.costs


def test_train_run_matches_sgd(small):
    (X, y), (Xt, yt) = small
    run = train_run(small, eta=3.0, m=20, epochs=2, hidden=15, seed=4)
    net = bpcore.Network([784, 15, 10], seed=4)
    history = bpcore.sgd(net, X, y, epochs=2, batch_size=20, eta=3.0, seed=4, test=(Xt, yt))
    assert run.costs[1:] == history.train_cost and run.test_accuracy[1:] == history.test_accuracy
    assert len(run.batch_costs) == 2 == len(history.batch_costs)
    for got, want in zip(run.batch_costs, history.batch_costs):
        assert np.array_equal(got, want) and got.shape == (50,)          # 1,000 images / m = 20
    assert np.array_equal(run.w2_final, net.w(2))
    assert np.array_equal(run.w2_initial, bpcore.Network([784, 15, 10], seed=4).w(2))
    predicted = np.argmax(net.feedforward(Xt), axis=0)
    assert np.array_equal(run.predicted, predicted)
    assert np.array_equal(run.misclassified, np.flatnonzero(predicted != yt)[:8])


@pytest.mark.parametrize("eta", [100.0, 1e6, 1e300])
def test_huge_eta_stalls_with_saturated_outputs_and_finite_weights(small, eta):
    run = train_run(small, eta=eta, m=10, epochs=2, hidden=20, seed=0)
    assert run.stalled and not run.diverged and run.outcome == "stalled: outputs saturated"
    assert run.output_saturation >= 0.95 and run.final_accuracy < 0.2
    assert all(np.isfinite(run.costs)) and np.all(np.isfinite(run.w2_final))
    assert run.final_cost < run.costs[0]                 # the cost fell: not "diverged"
    assert run.label.endswith("stalled") and "stalled: outputs saturated" in run.summary()


def test_batch_epochs_place_each_batch_within_its_epoch(small):
    run = train_run(small, eta=3.0, m=300, epochs=2, hidden=10, seed=0)   # 4 batches: 300, 300, 300, 100
    assert [len(c) for c in run.batch_costs] == [4, 4]
    assert run.batch_epochs().tolist() == [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75]


def test_non_finite_weights_are_reported_as_diverged(small, monkeypatch):
    real_sgd = dash_module.sgd

    def sgd_that_blows_up(net, *args, **kwargs):
        history = real_sgd(net, *args, **kwargs)
        history.diverged = True
        return history

    monkeypatch.setattr(dash_module, "sgd", sgd_that_blows_up)
    run = train_run(small, eta=3.0, m=10, epochs=1, hidden=10, seed=0)
    assert run.diverged and not run.stalled and run.outcome == "diverged: weights not finite"
    assert run.label.endswith("diverged")


def test_dashboard_controls_and_live_redraw(small):
    dashboard = Dashboard(data=small)
    view = dashboard.widget(eta=3.0, m=10, epochs=2, hidden=20, seed=0)
    data, metadata = view._repr_mimebundle_()
    # the picture of the empty plots for a notebook not run yet, and the live widget
    assert {"image/png", "text/html", "application/vnd.jupyter.widget-view+json"} <= set(data)
    assert "empty until you press Train" in data["text/plain"] and 'alt="' in data["text/html"]
    assert dashboard.eta_slider.description == "η" and dashboard.eta_slider.tooltip == "learning rate η"
    assert dashboard.eta_slider.min == -2 and dashboard.eta_slider.max == 2   # 0.01 .. 100
    assert dashboard.m_slider.description == "m" and dashboard.m_slider.tooltip == "mini-batch size m"
    assert list(dashboard.m_slider.options) == list(BATCH_SIZES)
    assert dashboard.train_button.tooltip == "Train a network with these settings"
    assert dashboard.clear_button.tooltip == "Clear the plotted runs"
    for control in (dashboard.epochs_slider, dashboard.hidden_slider, dashboard.seed_slider):
        assert control.description and control.tooltip
    assert not dashboard._ax_acc.lines                                    # starts empty
    empty = dashboard.plot.widget.value
    frames = []
    real_redraw = dashboard.plot.redraw

    def counting_redraw(full=False):
        real_redraw(full=full)
        frames.append(dashboard.plot.widget.value)

    dashboard.plot.redraw = counting_redraw
    dashboard.REDRAW_SECONDS = 0                                          # redraw every epoch
    dashboard.train_button.click()
    assert len(dashboard.runs) == 1 and dashboard.runs[0].outcome == "finished"
    assert len(frames) >= 2 and frames[-1] != empty          # redrawn during and after training
    assert dashboard.progress.value == 2
    assert dashboard.status.value.startswith("finished")
    batches, cost, acc = dashboard._ax_cost.lines[0], dashboard._ax_cost.lines[1], dashboard._ax_acc.lines[0]
    assert len(batches.get_xdata()) == 2 * 100 and batches.get_alpha() < 1   # 1,000 images / m = 10
    assert list(cost.get_ydata()) == dashboard.runs[0].costs
    assert "C from" in dashboard.plot.description
    assert "pixels are 0 in every training image" in dashboard.hidden.description
    # a huge η from the sliders: reported, and kept on the axes next to the first run
    dashboard.eta_slider.value = 100.0
    dashboard.train_button.click()
    assert dashboard.runs[-1].stalled and dashboard.status.value.startswith("stalled")
    labels = [line.get_label() for line in dashboard._ax_acc.lines]
    assert len(labels) == 2 and labels[1].endswith("stalled")
    styles = [(ln.get_marker(), ln.get_linestyle()) for ln in dashboard._ax_acc.lines]
    assert styles[0] != styles[1]                            # not told apart by colour alone
    dashboard.clear()
    assert dashboard.runs == [] and not dashboard._ax_acc.lines and not dashboard._ax_cost.lines


def test_scripted_runs_do_not_fill_the_live_dashboard(small):
    dashboard = Dashboard(data=small)
    dashboard.widget()
    other = Dashboard(data=small)
    other.train(eta=3.0, m=10, epochs=1, hidden=10, seed=0)
    train_run(small, eta=3.0, m=10, epochs=1, hidden=10, seed=0)
    assert dashboard.runs == [] and not dashboard._ax_cost.lines and not dashboard._ax_acc.lines


def test_hidden_weights_figure(small):
    run = train_run(small, eta=3.0, m=10, epochs=2, hidden=12, seed=0)
    fig, images = hidden_weights_figure(run, neurons=10)
    assert len(images) == 3 and all(len(row) == 10 for row in images)
    for row, expected in zip(images, (run.w2_initial, run.w2_final, run.w2_final - run.w2_initial)):
        for j, im in enumerate(row):
            assert np.array_equal(im.get_array(), expected[j].reshape(28, 28))
            assert im.norm.vmin == -im.norm.vmax > -np.inf            # centred at 0
            assert im.get_cmap().name == "RdBu"
    assert len(fig.axes) == 3 * 10 + 2                                    # two colour bars
    (X, _), _ = small
    dark = X.max(axis=1) == 0
    change = run.w2_final - run.w2_initial
    assert dark.any() and np.all(change[:, dark] == 0) and np.any(change[:, ~dark] != 0)   # BP4
    text = describe_hidden_weights(run, X)
    assert text.startswith(f"{int(dark.sum())} of 784 pixels are 0 in every training image")
    assert "did not change at all" in text


def test_dashboard_train_without_widget(small):
    dashboard = Dashboard(data=small)
    run = dashboard.train(eta=3.0, m=10, epochs=1, hidden=10, seed=0)
    assert dashboard.runs == [run] and len(run.costs) == 2 and dashboard.plot is None


def test_grid_file_checksum_and_shapes():
    grid = load_eta_m_grid()
    data = dash_module._GRID_PATH.read_bytes()
    assert hashlib.sha256(data).hexdigest() == dash_module._GRID_SHA256
    assert grid.eta.shape == (9,) and np.allclose(grid.eta, 10.0 ** np.arange(-2, 2.01, 0.5))
    assert grid.m.tolist() == list(BATCH_SIZES)
    for arr in (grid.accuracy, grid.train_cost, grid.stalled, grid.diverged):
        assert arr.shape == (9, len(BATCH_SIZES))
    assert grid.stalled.dtype == bool == grid.diverged.dtype
    assert np.all((grid.accuracy >= 0) & (grid.accuracy <= 1))
    assert (grid.epochs, grid.hidden, grid.seed, grid.n_train, grid.n_test) == (2, 30, 0, 8000, 2000)
    eta, m, acc = grid.best()
    assert acc == grid.accuracy.max() and acc > 0.8 and m <= 10
    # the good region is bounded: tiny η and huge η both fail
    assert grid.accuracy[0].max() < 0.2 and grid.stalled[-1].all() and not grid.diverged.any()


def test_grid_rejects_a_corrupted_file(tmp_path):
    copy = tmp_path / "grid.npz"
    shutil.copy(dash_module._GRID_PATH, copy)
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    with pytest.raises(GridChecksumError, match="build_eta_m_grid"):
        load_eta_m_grid(copy)


def test_grid_cell_is_reproduced_by_train_run():
    grid = load_eta_m_grid()
    i, j = int(np.argmin(abs(grid.eta - 10.0))), BATCH_SIZES.index(1000)
    run = train_run(bpcore.load_mnist(), grid.eta[i], 1000, grid.epochs, grid.hidden, grid.seed)
    assert run.final_accuracy == pytest.approx(grid.accuracy[i, j], abs=0.005)
    assert run.stalled == grid.stalled[i, j] and run.diverged == grid.diverged[i, j]


def test_plot_eta_m_grid_labels_axes():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    mesh = plot_eta_m_grid(load_eta_m_grid(), ax)
    assert mesh is not None and ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert "m" in ax.get_xlabel() and "eta" in ax.get_ylabel()
    plt.close(fig)


def test_plot_runs_draws_batch_costs_as_dots_and_keeps_a_log_axis(small):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    run = train_run(small, eta=3.0, m=10, epochs=2, hidden=5, seed=0)
    fig, ax = plt.subplots()
    ax.set(yscale="log", ylim=(1e-6, 3))
    plot_runs([run], ax, None, batches="dots")
    dots, curve = ax.lines
    assert dots.get_linestyle() == "None" and dots.get_marker() == "."
    assert len(dots.get_ydata()) == sum(len(b) for b in run.batch_costs)
    assert list(curve.get_ydata()) == list(run.costs)
    assert ax.get_ylim() == pytest.approx((1e-6, 3))      # the caller's log limits stay
    with pytest.raises(ValueError, match="batches"):
        plot_runs([run], ax, None, batches="points")
    plt.close(fig)


def _wcag_contrast(a, b):
    """WCAG 2.1 contrast ratio, written out here independently of the package."""
    def lum(c):
        lin = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c[:3]]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_ratio_matches_wcag_reference_values():
    assert dash_module.contrast_ratio((0, 0, 0), (1, 1, 1)) == pytest.approx(21.0)
    assert dash_module.contrast_ratio((1, 1, 1), (1, 1, 1)) == pytest.approx(1.0)
    # #767676 on white is the classic 4.54:1 grey
    grey = (0x76 / 255,) * 3
    assert dash_module.contrast_ratio(grey, (1, 1, 1)) == pytest.approx(4.54, abs=0.01)


def test_every_grid_label_has_aa_contrast_on_its_cell():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_rgba
    grid = load_eta_m_grid()
    fig, ax = plt.subplots()
    mesh = plot_eta_m_grid(grid, ax)
    texts = {(t.get_position()[0], t.get_position()[1]): t for t in ax.texts}
    fig.canvas.draw()
    cells = mesh.get_facecolors()   # after drawing: one RGBA per cell, row by row (η)
    assert len(texts) == grid.accuracy.size == len(cells)
    ratios = []
    for i, eta in enumerate(grid.eta):
        for j, m in enumerate(grid.m):
            label = texts[(m, eta)]
            ratios.append(_wcag_contrast(to_rgba(label.get_color()), cells[i * len(grid.m) + j]))
    plt.close(fig)
    assert min(ratios) >= 4.5, f"lowest contrast {min(ratios):.2f}:1"


@pytest.mark.parametrize("value", np.linspace(0, 1, 101))
def test_label_colour_reaches_aa_on_the_whole_viridis_map(value):
    from matplotlib import colormaps
    background = colormaps["viridis"](value)
    label = (0, 0, 0) if dash_module.label_colour(background) == "black" else (1, 1, 1)
    assert _wcag_contrast(label, background) >= 4.5


def test_bad_settings_raise_in_code_and_show_in_the_widget(small):
    dashboard = Dashboard(data=small)
    with pytest.raises(ValueError, match="batch_size"):
        dashboard.train(eta=1.0, m=5000, epochs=1, hidden=10, seed=0)   # only 1,000 images
    dashboard.widget()
    dashboard.m_slider.value = 8000
    dashboard.train_button.click()                                      # no exception escapes
    assert dashboard.status.value.startswith("error") and "batch_size" in dashboard.status.value
    assert dashboard.runs == [] and not dashboard._ax_acc.lines
    assert not dashboard.train_button.disabled


def test_a_run_label_says_how_it_ended_once(small):
    import matplotlib.pyplot as plt
    stalled = dash_module.train_run(small, eta=100.0, m=10, epochs=1, hidden=10, seed=0)
    assert stalled.outcome.startswith("stalled")
    fig, (ax_cost, ax_acc) = plt.subplots(1, 2)
    dash_module.plot_runs([stalled], ax_cost, ax_acc)
    (label,) = ax_cost.get_legend_handles_labels()[1]
    assert label.endswith(": stalled") and label.count("stalled") == 1
    dash_module.plot_runs([stalled], ax_cost, ax_acc, names=["η = 100"])
    assert ax_cost.get_legend_handles_labels()[1][-1] == "η = 100 (stalled: outputs saturated)"
    plt.close(fig)


def test_the_dashboard_controls_box_carries_their_names():
    dashboard = Dashboard()
    dashboard.widget()
    box = dashboard.box.children[0]
    for slider in box.children:
        assert f"{slider.description}: {slider.tooltip}" in box.tooltip
