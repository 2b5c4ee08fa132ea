"""bpcore.lessons.dashboard: reproducible runs, divergence reported (never raised), the widget's
controls and redraws, and the precomputed η × m grid."""
import hashlib
import shutil

import numpy as np
import pytest

import bpcore
from bpcore.lessons import dashboard as dash_module
from bpcore.lessons.dashboard import (BATCH_SIZES, Dashboard, GridChecksumError, load_eta_m_grid,
                              plot_eta_m_grid, train_run)


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
    assert not a.diverged and a.reason == ""
    assert a.costs[-1] < a.costs[0] and a.final_accuracy > a.test_accuracy[0] + 0.2
    other = train_run(small, eta=3.0, m=10, epochs=2, hidden=20, seed=2)
    assert other.costs != a.costs


def test_train_run_matches_sgd(small):
    (X, y), (Xt, yt) = small
    run = train_run(small, eta=3.0, m=20, epochs=2, hidden=15, seed=4)
    net = bpcore.Network([784, 15, 10], seed=4)
    history = bpcore.sgd(net, X, y, epochs=2, batch_size=20, eta=3.0, seed=4, test=(Xt, yt))
    assert run.costs[1:] == history.train_cost and run.test_accuracy[1:] == history.test_accuracy
    predicted = np.argmax(net.feedforward(Xt), axis=0)
    assert np.array_equal(run.predicted, predicted)
    assert np.array_equal(run.misclassified, np.flatnonzero(predicted != yt)[:8])


@pytest.mark.parametrize("eta", [100.0, 1e6, 1e300])
def test_huge_eta_is_reported_as_diverged_not_raised(small, eta):
    run = train_run(small, eta=eta, m=10, epochs=2, hidden=20, seed=0)
    assert run.diverged and run.reason == "froze in saturation"
    assert run.output_saturation >= 0.95 and run.final_accuracy < 0.2
    assert all(np.isfinite(run.costs))
    assert run.label.endswith("diverged") and "DIVERGED" in run.summary()


def test_non_finite_weights_are_reported_as_diverged(small, monkeypatch):
    real_sgd = dash_module.sgd

    def sgd_that_blows_up(net, *args, **kwargs):
        history = real_sgd(net, *args, **kwargs)
        history.diverged = True
        return history

    monkeypatch.setattr(dash_module, "sgd", sgd_that_blows_up)
    run = train_run(small, eta=3.0, m=10, epochs=1, hidden=10, seed=0)
    assert run.diverged and run.reason == "weights not finite"


def test_dashboard_controls_and_live_redraw(small):
    dashboard = Dashboard(data=small)
    box = dashboard.widget(eta=3.0, m=10, epochs=2, hidden=20, seed=0)
    assert box is not None
    assert dashboard.eta_slider.description == "η"
    assert dashboard.eta_slider.min == -2 and dashboard.eta_slider.max == 2   # 0.01 .. 100
    assert dashboard.m_slider.description == "m" and list(dashboard.m_slider.options) == list(BATCH_SIZES)
    assert dashboard.train_button.description == "Train"
    assert dashboard.clear_button.description == "Clear"
    empty = dashboard.plot.widget.value
    frames = []
    real_redraw = dashboard.plot.redraw

    def counting_redraw():
        real_redraw()
        frames.append(dashboard.plot.widget.value)

    dashboard.plot.redraw = counting_redraw
    dashboard.train_button.click()
    assert len(dashboard.runs) == 1 and not dashboard.runs[0].diverged
    assert len(frames) >= 2 and frames[-1] != empty          # redrawn during and after training
    assert dashboard.progress.value == 2
    assert dashboard.status.value.startswith("done")
    # a huge η from the sliders: reported, and kept on the axes next to the first run
    dashboard.eta_slider.value = 100.0
    dashboard.train_button.click()
    assert dashboard.runs[-1].diverged and dashboard.status.value.startswith("DIVERGED")
    labels = [line.get_label() for line in dashboard._ax_acc.lines]
    assert len(labels) == 2 and labels[1].endswith("diverged")
    dashboard.clear()
    assert dashboard.runs == [] and not dashboard._ax_acc.lines


def test_dashboard_train_without_widget(small):
    dashboard = Dashboard(data=small)
    run = dashboard.train(eta=3.0, m=10, epochs=1, hidden=10, seed=0)
    assert dashboard.runs == [run] and len(run.costs) == 2


def test_grid_file_checksum_and_shapes():
    grid = load_eta_m_grid()
    data = dash_module._GRID_PATH.read_bytes()
    assert hashlib.sha256(data).hexdigest() == dash_module._GRID_SHA256
    assert grid.eta.shape == (9,) and np.allclose(grid.eta, 10.0 ** np.arange(-2, 2.01, 0.5))
    assert grid.m.tolist() == list(BATCH_SIZES)
    for arr in (grid.accuracy, grid.train_cost, grid.diverged):
        assert arr.shape == (9, len(BATCH_SIZES))
    assert grid.diverged.dtype == bool
    assert np.all((grid.accuracy >= 0) & (grid.accuracy <= 1))
    assert (grid.epochs, grid.hidden, grid.seed, grid.n_train, grid.n_test) == (2, 30, 0, 8000, 2000)
    eta, m, acc = grid.best()
    assert acc == grid.accuracy.max() and acc > 0.8 and m <= 10
    # the good region is bounded: tiny η and huge η both fail
    assert grid.accuracy[0].max() < 0.2 and grid.diverged[-1].all()


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
    assert run.diverged == grid.diverged[i, j]


def test_plot_eta_m_grid_labels_axes():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    mesh = plot_eta_m_grid(load_eta_m_grid(), ax)
    assert mesh is not None and ax.get_xscale() == "log" and ax.get_yscale() == "log"
    assert "m" in ax.get_xlabel() and "eta" in ax.get_ylabel()
    plt.close(fig)


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
