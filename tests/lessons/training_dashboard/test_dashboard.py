"""The training run (`training_run`), its figures (`run_figures`, `hidden_weights`), the live
dashboard (`dashboard`) and the precomputed η × m grid (`eta_m_grid`): reproducible runs, stalls
and divergence reported (never raised), each mini-batch's cost, the two clocks, the widget's
controls and redraws."""
import hashlib
import shutil

import numpy as np
import pytest

import bpcore
from bpcore.lessons.training_dashboard import eta_m_grid as grid_module
from bpcore.lessons.training_dashboard import training_run as run_module
from bpcore.lessons.training_dashboard.dashboard import Dashboard
from bpcore._npz import ChecksumError
from bpcore.lessons.kit import figures as style
from bpcore.lessons.training_dashboard.eta_m_grid import load_eta_m_grid, plot_eta_m_grid
from bpcore.lessons.training_dashboard.hidden_weights import describe_hidden_weights, hidden_weights_figure
from bpcore.lessons.training_dashboard.run_figures import plot_runs
from bpcore.lessons.training_dashboard.training_run import BATCH_SIZES, STALL_ACCURACY, train_run


@pytest.fixture(scope="module")
def small():
    """1,000 training and 500 test images: enough to learn something, fast."""
    (X, y), (Xt, yt) = bpcore.load_mnist()
    return (X[:, :1000], y[:1000]), (Xt[:, :500], yt[:500])


def test_train_run_is_deterministic_and_learns(small):
    a = train_run(small, eta=3.0, m=10, epochs=2, hidden=20, seed=1)
    b = train_run(small, eta=3.0, m=10, epochs=2, hidden=20, seed=1)
    assert a.cost_after_epoch == b.cost_after_epoch and a.accuracy_after_epoch == b.accuracy_after_epoch
    assert len(a.cost_after_epoch) == len(a.accuracy_after_epoch) == 3       # before training + 2 epochs
    assert not a.diverged and not a.stalled and a.outcome == "finished"
    assert a.cost_after_epoch[-1] < a.cost_after_epoch[0] and a.final_accuracy > a.accuracy_after_epoch[0] + 0.2
    other = train_run(small, eta=3.0, m=10, epochs=2, hidden=20, seed=2)
    assert other.cost_after_epoch != a.cost_after_epoch


def test_train_run_matches_sgd(small):
    (X, y), (Xt, yt) = small
    run = train_run(small, eta=3.0, m=20, epochs=2, hidden=15, seed=4)
    net = bpcore.Network([784, 15, 10], seed=4)
    history = bpcore.sgd(net, X, y, epochs=2, batch_size=20, eta=3.0, seed=4, test=(Xt, yt))
    assert run.cost_after_epoch[1:] == history.train_cost and run.accuracy_after_epoch[1:] == history.test_accuracy
    assert len(run.batch_costs) == 2 == len(history.batch_costs)
    for got, want in zip(run.batch_costs, history.batch_costs):
        assert np.array_equal(got, want) and got.shape == (50,)          # 1,000 images / m = 20
    assert np.array_equal(run.w2_final, net.w(2))
    assert np.array_equal(run.w2_initial, bpcore.Network([784, 15, 10], seed=4).w(2))
    predicted = np.argmax(net.feedforward(Xt), axis=0)
    assert np.array_equal(run.predicted, predicted)
    assert np.array_equal(run.misclassified, np.flatnonzero(predicted != yt)[:8])


def test_the_training_data_is_checked_once_on_its_way_to_the_training_loop(small, monkeypatch):
    # the dashboard's Train button calls train_run, which calls sgd: one check of each array
    from bpcore import validate
    from bpcore.sgd import _Trainer
    checked, at_training = [], []
    real_numeric, real_epoch = validate._numeric, _Trainer.epoch

    def numeric(name, A):
        checked.append(name)
        return real_numeric(name, A)

    def epoch(self, *args):
        at_training.append(list(checked))
        return real_epoch(self, *args)

    monkeypatch.setattr(validate, "_numeric", numeric)
    monkeypatch.setattr(_Trainer, "epoch", epoch)
    Dashboard(data=small).train(eta=3.0, m=100, epochs=1, hidden=10, seed=0)
    assert sorted(at_training[0]) == ["X", "X_test", "Y", "labels_test"]


@pytest.mark.parametrize("eta", [100.0, 1e6, 1e300])
def test_huge_eta_stalls_with_saturated_outputs_and_finite_weights(small, eta):
    run = train_run(small, eta=eta, m=10, epochs=2, hidden=20, seed=0)
    assert run.stalled and not run.diverged and run.outcome == "stalled: outputs saturated"
    assert run.output_saturation >= 0.95 and run.final_accuracy < 0.2
    assert all(np.isfinite(run.cost_after_epoch)) and np.all(np.isfinite(run.w2_final))
    assert run.final_cost < run.cost_after_epoch[0]                 # the cost fell: not "diverged"
    assert run.label.endswith("stalled") and "stalled: outputs saturated" in run.summary()


def test_batch_epochs_place_each_batch_within_its_epoch(small):
    run = train_run(small, eta=3.0, m=300, epochs=2, hidden=10, seed=0)   # 4 batches: 300, 300, 300, 100
    assert [len(c) for c in run.batch_costs] == [4, 4]
    assert run.clock(np.arange(8), "epochs").tolist() == [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75]


def test_non_finite_weights_are_reported_as_diverged(small, monkeypatch):
    real_sgd = run_module.sgd

    def sgd_that_blows_up(net, *args, **kwargs):
        history = real_sgd(net, *args, **kwargs)
        history.diverged = True
        return history

    monkeypatch.setattr(run_module, "sgd", sgd_that_blows_up)
    run = train_run(small, eta=3.0, m=10, epochs=1, hidden=10, seed=0)
    assert run.diverged and not run.stalled and run.outcome == "diverged: weights not finite"
    assert run.label.endswith("diverged")


@pytest.mark.render
def test_dashboard_controls_and_live_redraw(small):
    dashboard = Dashboard(data=small, eta=3.0, m=10, epochs=2, hidden=20, seed=0)
    view = dashboard.widget()
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
    for control in (dashboard.epochs_slider, dashboard.hidden_slider, dashboard.seed_slider,
                    dashboard.clock_menu):
        assert control.description and control.tooltip
    assert not dashboard._ax_acc.lines and dashboard._ax_cost.get_yscale() == "log"   # starts empty
    empty = dashboard.curves.widget.value
    frames = []
    real_redraw = dashboard.curves.redraw

    def counting_redraw(full=False):
        real_redraw(full=full)
        frames.append(dashboard.curves.widget.value)

    dashboard.curves.redraw = counting_redraw
    dashboard.REDRAW_SECONDS = 0                                          # redraw every epoch
    dashboard.train_button.click()
    assert len(dashboard.runs) == 1 and dashboard.runs[0].outcome == "finished"
    assert len(frames) >= 2 and frames[-1] != empty          # redrawn during and after training
    assert dashboard.progress.value == 2
    assert dashboard.status.value.startswith("finished")
    run = dashboard.runs[0]
    batches, cost, acc = dashboard._ax_cost.lines[0], dashboard._ax_cost.lines[1], dashboard._ax_acc.lines[0]
    # 1,000 images / m = 10: 100 batches per epoch, drawn as 20 window means per epoch
    assert len(batches.get_xdata()) == 2 * 20 and batches.get_alpha() < 1
    assert np.allclose(batches.get_ydata(), [np.mean(c[i:i + 5]) for c in run.batch_costs
                                             for i in range(0, 100, 5)])
    assert list(cost.get_ydata()) == run.cost_after_epoch and list(cost.get_xdata()) == [0, 1, 2]
    assert "cost from" in dashboard.curves.description
    assert "pixels are 0 in every training image" in dashboard.hidden.description
    # the clock of updates: the same runs, x counted in steps
    dashboard.clock_menu.value = "updates"
    assert list(cost.get_xdata()) == [0, 100, 200] and dashboard._ax_cost.get_xscale() == "symlog"
    assert "against updates" in dashboard.curves.description
    dashboard.clock_menu.value = "epochs"
    assert list(cost.get_xdata()) == [0, 1, 2]
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


@pytest.mark.render
def test_scripted_runs_do_not_fill_another_dashboard(small):
    dashboard = Dashboard(data=small)
    other = Dashboard(data=small)
    other.train(eta=3.0, m=10, epochs=1, hidden=10, seed=0)
    train_run(small, eta=3.0, m=10, epochs=1, hidden=10, seed=0)
    assert dashboard.runs == [] and not dashboard._ax_cost.lines and not dashboard._ax_acc.lines
    assert len(other.runs) == 1 and len(other._ax_cost.lines) == 2      # one mode: train draws


def test_hidden_weights_figure(small):
    run = train_run(small, eta=3.0, m=10, epochs=2, hidden=12, seed=0)
    (X, _), _ = small
    fig, alt = hidden_weights_figure(run, X, neurons=10)
    images = [ax.images[0] for ax in fig.axes if ax.images][:30]
    for r, expected in enumerate((run.w2_initial, run.w2_final, run.w2_final - run.w2_initial)):
        for j in range(10):
            im = images[10 * r + j]
            assert np.array_equal(im.get_array(), expected[j].reshape(28, 28))
            assert im.norm.vmin == -im.norm.vmax > -np.inf            # centred at 0
            assert im.get_cmap().name == "RdBu"
    assert len(fig.axes) == 3 * 10 + 2                                    # two colour bars
    dark = X.max(axis=1) == 0
    change = run.w2_final - run.w2_initial
    assert dark.any() and np.all(change[:, dark] == 0) and np.any(change[:, ~dark] != 0)   # BP4
    text = describe_hidden_weights(run, X)
    assert text.startswith(f"{int(dark.sum())} of 784 pixels are 0 in every training image")
    assert "did not change at all" in text and text in alt
    ring = np.zeros((28, 28), bool)
    ring[[0, -1], :] = ring[:, [0, -1]] = True
    assert f"({int(np.sum(dark & ring.ravel()))} of them on the outermost ring" in text


def test_grid_file_checksum_and_shapes():
    grid = load_eta_m_grid()
    data = grid_module._GRID_PATH.read_bytes()
    assert hashlib.sha256(data).hexdigest() == grid_module._GRID_SHA256
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
    shutil.copy(grid_module._GRID_PATH, copy)
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    with pytest.raises(ChecksumError, match="build_eta_m_grid"):
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


def test_plot_runs_log_cost_axis_both_clocks_and_batch_traces(small):
    from matplotlib.figure import Figure
    run = train_run(small, eta=3.0, m=10, epochs=2, hidden=5, seed=0)
    ax = Figure().subplots()
    plot_runs([run], ax, None, batches="dots")
    dots, curve = ax.lines
    assert ax.get_yscale() == "log"
    assert dots.get_linestyle() == "None" and dots.get_marker() == "."
    assert len(dots.get_ydata()) == sum(len(b) for b in run.batch_costs)
    assert list(curve.get_ydata()) == list(run.cost_after_epoch)
    ax = Figure().subplots()
    plot_runs([run], ax, None, clock="updates")        # window means, on a clock of updates
    means, curve = ax.lines
    assert ax.get_xscale() == "symlog" and list(curve.get_xdata()) == [0, 100, 200]
    assert len(means.get_ydata()) == 40
    assert np.max(means.get_ydata()) <= np.max(np.concatenate(run.batch_costs))
    with pytest.raises(ValueError, match="batches"):
        plot_runs([run], ax, None, batches="points")
    with pytest.raises(ValueError, match="clock"):
        run.clock([0], "examples")


def test_run_clock_updates_and_index_0_before_training(small):
    (X, y), _ = small
    run = train_run(small, eta=3.0, m=300, epochs=2, hidden=10, seed=0)   # 4 batches: 300, 300, 300, 100
    assert run.cost_after_epoch[0] == bpcore.cost_value(bpcore.Network([784, 10, 10], seed=0), X, y)
    assert run.updates_per_epoch == 4 and run.epoch_updates().tolist() == [0, 4, 8]
    assert run.clock(run.epoch_updates(), "epochs").tolist() == [0, 1, 2]
    updates, means = run.batch_cost_means()          # fewer batches than windows: one batch each
    assert updates.tolist() == list(range(8)) and np.array_equal(means, np.concatenate(run.batch_costs))
    assert run.gradient_norm > 0


def _text_sizes(fig):
    fig.canvas.draw()
    return [t.get_fontsize() for t in fig.findobj(lambda a: hasattr(a, "get_fontsize"))
            if hasattr(t, "get_text") and t.get_text().strip() and t.get_visible()]


@pytest.mark.render
def test_every_figure_text_is_at_least_10_points(small):
    """10 pt at the figures' 80 CSS dpi is 11 CSS px: readable when projected."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from bpcore.lessons.training_dashboard import eta_m_grid, run_figures
    (X, _), (Xt, yt) = small
    runs = {m: train_run(small, eta=3.0, m=m, epochs=1, hidden=10, seed=0) for m in (10, 100)}
    run = runs[10]
    figures = [run_figures.batch_cost_figure(runs)[0], run_figures.clock_figure(runs)[0],
               run_figures.eta_figure({"η = 3": run})[0], run_figures.misclassified_figure(run, Xt, yt)[0],
               hidden_weights_figure(run, X)[0], eta_m_grid.grid_figure(load_eta_m_grid())[0]]
    for fig in figures:
        FigureCanvasAgg(fig)
    dashboard = Dashboard(data=small)
    dashboard.train(eta=3.0, m=100, epochs=1, hidden=10, seed=0)
    for fig in figures:
        assert fig.dpi == style.DPI
    for fig in figures + [dashboard.curves.fig, dashboard.hidden.fig, dashboard.digits.fig]:
        sizes = _text_sizes(fig)
        assert sizes and min(sizes) >= style.MIN_TEXT, (fig, min(sizes))


def test_grid_figure_alt_from_the_grid():
    from bpcore.lessons.training_dashboard.eta_m_grid import grid_figure
    grid = load_eta_m_grid()
    _, alt = grid_figure(grid)
    eta, m, acc = grid.best()
    assert f"The best cell is η = {eta:.3g}, m = {m} ({acc:.0%})" in alt
    assert f"{int(grid.stalled.sum())} cells stalled" in alt


def _wcag_contrast(a, b):
    """WCAG 2.1 contrast ratio, written out here independently of the package."""
    def lum(c):
        lin = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c[:3]]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_ratio_matches_wcag_reference_values():
    assert style.contrast_ratio((0, 0, 0), (1, 1, 1)) == pytest.approx(21.0)
    assert style.contrast_ratio((1, 1, 1), (1, 1, 1)) == pytest.approx(1.0)
    # #767676 on white is the classic 4.54:1 grey
    grey = (0x76 / 255,) * 3
    assert style.contrast_ratio(grey, (1, 1, 1)) == pytest.approx(4.54, abs=0.01)


@pytest.mark.render
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
    label = (0, 0, 0) if style.label_colour(background) == "black" else (1, 1, 1)
    assert _wcag_contrast(label, background) >= 4.5


@pytest.mark.render
def test_bad_settings_raise_in_code_and_show_in_the_widget(small):
    dashboard = Dashboard(data=small)
    with pytest.raises(ValueError, match="batch_size"):
        dashboard.train(eta=1.0, m=5000, epochs=1, hidden=10, seed=0)   # only 1,000 images
    assert not dashboard._ax_cost.lines
    dashboard.m_slider.value = 8000
    dashboard.train_button.click()                                      # no exception escapes
    assert dashboard.status.value.startswith("error") and "batch_size" in dashboard.status.value
    assert dashboard.runs == [] and not dashboard._ax_acc.lines
    assert not dashboard.train_button.disabled


def test_a_run_label_says_how_it_ended_once(small):
    import matplotlib.pyplot as plt
    stalled = train_run(small, eta=100.0, m=10, epochs=1, hidden=10, seed=0)
    assert stalled.outcome.startswith("stalled")
    fig, (ax_cost, ax_acc) = plt.subplots(1, 2)
    plot_runs([stalled], ax_cost, ax_acc)
    (label,) = ax_cost.get_legend_handles_labels()[1]
    assert label.endswith(": stalled") and label.count("stalled") == 1
    plot_runs([stalled], ax_cost, ax_acc, names=["η = 100"])
    assert ax_cost.get_legend_handles_labels()[1][-1] == "η = 100 (stalled: outputs saturated)"
    plt.close(fig)


@pytest.mark.render
def test_the_dashboard_controls_box_carries_their_names():
    dashboard = Dashboard()
    box = dashboard.box.children[0]
    for slider in box.children:
        assert f"{slider.description}: {slider.tooltip}" in box.tooltip


def test_best_eta_per_m_is_never_a_stalled_or_chance_run():
    """A stalled run's near-chance accuracy names no best η: where no run of an m learned, none is named."""
    grid = load_eta_m_grid()
    for j, (eta, acc) in enumerate(grid.best_per_m()):
        column = grid.accuracy[:, j]
        if eta is None:
            learned = ~grid.stalled[:, j] & (column >= STALL_ACCURACY)
            assert not learned.any() and acc == column.max()
        else:
            i = list(grid.eta).index(eta)
            assert not grid.stalled[i, j] and acc == column[i] >= STALL_ACCURACY
            assert acc == max(a for a, s in zip(column, grid.stalled[:, j]) if not s)
    assert any(eta is None for eta, _ in grid.best_per_m())   # the shipped grid: m ≥ 500 learns nothing in 2 epochs


def test_the_dashboard_says_start_and_end_and_keeps_train_focused(small):
    dashboard = Dashboard(data=small, eta=3.0, m=10, epochs=2, hidden=20, seed=0)
    said, progress = [], []
    dashboard.status.observe(lambda change: said.append(dashboard.status.value), names="said")
    dashboard.progress.observe(lambda change: progress.append(change["new"]), names="value_text")
    busy = []
    dashboard.progress.observe(lambda change: busy.append(dashboard.train_button.busy), names="value")
    dashboard.train_button._message(dashboard.train_button, {"event": "click", "settled": 0}, [])
    run = dashboard.runs[0]
    assert said == ["training started: η 3, mini-batch size 10, 2 epochs, 20 hidden neurons, seed 0",
                    f"finished: cost after 2 epochs {run.final_cost:.3g}, test accuracy "
                    f"{run.final_accuracy:.1%}, in {run.seconds:.1f} seconds"]
    assert progress[-2:] == ["epoch 1 of 2", "epoch 2 of 2"] and all(busy)   # busy while training
    assert not dashboard.train_button.busy and dashboard.train_button.settled == 1
    # a press sent while it trained (settled 0) is ignored: no second run
    dashboard.train_button._message(dashboard.train_button, {"event": "click", "settled": 0}, [])
    assert len(dashboard.runs) == 1
    assert "20 hidden neurons" in dashboard.curves.description and " hid." not in dashboard.curves.description
    dashboard.clock_menu.value = "updates"
    dashboard.clear_button.click()
    assert said[-2:] == ["cost and test accuracy now plotted against updates", "cleared: no runs plotted"]
    for button in (dashboard.train_button, dashboard.clear_button):
        assert not any(0xE000 <= ord(c) <= 0xF8FF for c in button.description + button.tooltip)
    assert dashboard.eta_slider.name == "learning rate η, log scale, from 0.01 to 100"
