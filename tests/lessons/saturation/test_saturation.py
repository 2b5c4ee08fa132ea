"""bpcore.lessons.lecture.saturation, weight_scale and saturation_widgets: the saturation threshold, the σ′
plot, the weight-scale study, the single saturated neuron, and the gradient's size per layer."""
import numpy as np
import pytest

import bpcore
from bpcore.lessons.lecture.saturation import SATURATION_Z, is_saturated, saturated_share, sigma_prime_ratio
from bpcore.lessons.saturation.experiments import bias_gradient_rms, single_neuron_costs
from bpcore.lessons.saturation.weight_scale import WeightScaleStudy, hidden_scaled_network, predicted_z_spread
from bpcore.lessons.saturation.widgets import SigmaPrimePlot, WeightScaleView
from figure_text import smallest_text_px


@pytest.fixture(scope="module")
def mnist():
    return bpcore.load_mnist()


def test_saturation_threshold_is_sigma_within_one_percent_of_0_or_1():
    assert bpcore.sigmoid(SATURATION_Z) == pytest.approx(0.99, abs=1e-12)
    assert bpcore.sigmoid(-SATURATION_Z) == pytest.approx(0.01, abs=1e-12)
    # beyond the threshold σ′ is below σ′(ln 99) = 0.99 × 0.01 = 0.0099, under 4% of σ′(0)
    assert bpcore.sigmoid_prime(SATURATION_Z) == pytest.approx(0.99 * 0.01, rel=1e-9)
    beyond = SATURATION_Z + np.array([1e-6, 0.5, 3.0])
    assert np.all(bpcore.sigmoid_prime(beyond) < 0.0099) and np.all(bpcore.sigmoid_prime(-beyond) < 0.0099)
    assert bpcore.sigmoid_prime(SATURATION_Z) / 0.25 < 0.04


def test_saturated_share_counts_beyond_the_threshold_on_both_sides():
    z = np.array([[-10.0, -4.0, 0.0, 4.0], [4.7, -4.7, 1.0, 100.0]])
    assert saturated_share(z) == 4 / 8
    assert is_saturated(z).tolist() == [[True, False, False, False], [True, True, False, True]]
    # a plain count, independent of the module's threshold constant
    rng = np.random.default_rng(1)
    z = rng.normal(0, 6, size=(30, 500))
    sigma = 1 / (1 + np.exp(-z))
    assert saturated_share(z) == np.count_nonzero((sigma < 0.01) | (sigma > 0.99)) / z.size


def test_sigma_prime_values_and_bound():
    assert sigma_prime_ratio(0.0) == (0.25, 1.0)
    for z in np.linspace(-10, 10, 81):
        value, ratio = sigma_prime_ratio(z)
        assert 0 < value <= 0.25 and ratio == pytest.approx(value / 0.25)
    # e^{-|z|} decay: σ′(10) ≈ e^{-10}
    assert sigma_prime_ratio(10.0)[0] == pytest.approx(np.exp(-10.0), rel=1e-3)


def test_z_slider_moves_the_marker_and_its_description():
    plot = SigmaPrimePlot()
    plot.widget(z=0.0)
    slider = plot.slider
    assert slider.description == "z" and slider.tooltip and slider.continuous_update
    assert slider.min <= -10 and slider.max >= 10
    before = plot.live.widget.value
    slider.value = 5.0
    assert plot.live.widget.value and plot.live.widget.value != before
    x, y = plot.marker.get_data()
    assert x[0] == 5.0 and y[0] == pytest.approx(1 / (1 + np.exp(-5)) * (1 - 1 / (1 + np.exp(-5))))
    assert "z = 5.00" in plot.live.description and "saturated" in plot.live.description
    assert plot.update(5.0) == sigma_prime_ratio(5.0)


def test_hidden_scaled_network_varies_only_the_hidden_weights():
    sizes = [784, 30, 10]
    reference = bpcore.Network(sizes, seed=3, init="scaled")
    for s in (0.1, 1.0, 10.0, 28.0):
        net = hidden_scaled_network(sizes, s, seed=3)
        # the layers it does not vary: the reference initialisation, bit for bit
        assert np.array_equal(net.weights[1], reference.weights[1])
        for b, b_ref in zip(net.biases, reference.biases):
            assert np.array_equal(b, b_ref)
        assert np.array_equal(net.weights[0], reference.weights[0] * s)
    same = hidden_scaled_network(sizes, 1.0, seed=3)
    assert all(np.array_equal(p, q) for p, q in zip(same.weights + same.biases, reference.weights + reference.biases))
    # s = 28 = √784: w² has the N(0, 1) weights of init="standard" (up to rounding), w³ does not
    standard = bpcore.Network(sizes, seed=3)
    net = hidden_scaled_network(sizes, 28.0, seed=3)
    assert np.allclose(net.weights[0], standard.weights[0], rtol=1e-12)
    assert not np.allclose(net.weights[1], standard.weights[1])
    for bad in (0.0, -1.0, float("nan"), "big", None):
        with pytest.raises(ValueError, match="positive number"):
            hidden_scaled_network(sizes, bad)


@pytest.mark.parametrize("s", [0.3, 10.0, 28.0])
def test_hidden_weights_have_the_intended_spread(s):
    # 784 × 300 draws: the sample sd is within 1% of s/√784; the output layer keeps 1/√300
    net = hidden_scaled_network([784, 300, 300], s, seed=5)
    assert net.weights[0].std() == pytest.approx(s / np.sqrt(784), rel=0.01)
    assert net.weights[1].std() == pytest.approx(1 / np.sqrt(300), rel=0.02)
    assert abs(net.weights[0].mean()) < 0.01 * s / np.sqrt(784)


def test_weight_scale_study_measures_both_layers(mnist):
    (X, y), (Xt, yt) = mnist
    study = WeightScaleStudy(X, y, Xt[:, :300], yt[:300], n_train=300, epochs=2)
    small, large = study.compute(1.0), study.compute(28.0)
    # the shares, recomputed from the network directly
    net = hidden_scaled_network([784, 30, 10], 28.0)
    z2 = net.w(2) @ X[:, :300] + net.b(2)
    z3 = net.w(3) @ bpcore.sigmoid(z2) + net.b(3)
    assert large.z_hidden.shape == (30, 300) and large.z_output.shape == (10, 300)
    assert np.allclose(large.z_hidden, z2) and np.allclose(large.z_output, z3)
    assert large.hidden_saturated == np.mean(np.abs(z2) > np.log(99))
    assert large.output_saturated == np.mean(np.abs(z3) > np.log(99))
    assert large.mean_sigma_prime == pytest.approx(np.mean(bpcore.sigmoid_prime(z2)))
    assert small.hidden_saturated < 0.01 < 0.3 < large.hidden_saturated
    # w³ ~ N(0, 1/30) and 0 < a² < 1: the output layer does not start saturated at any s
    assert small.output_saturated == large.output_saturated == 0.0
    assert large.mean_sigma_prime < small.mean_sigma_prime
    assert len(small.costs) == 3 and large.costs[-1] > small.costs[-1]
    # the training is sgd's, from the same network
    net_again = hidden_scaled_network([784, 30, 10], 28.0)
    history = bpcore.sgd(net_again, X[:, :300], y[:300], epochs=2, batch_size=10, eta=3.0, seed=0)
    assert large.costs[1:] == history.train_cost
    assert large.test_accuracy == bpcore.accuracy(net_again, Xt[:, :300], yt[:300])
    # N(0, 1) in both layers: the same hidden layer as s = 28, and saturated outputs too
    standard = study.compute_standard()
    assert standard.hidden_saturated == pytest.approx(large.hidden_saturated, abs=1e-3)
    assert standard.output_saturated > 0.05


def test_weight_scale_study_is_cached_and_deterministic(mnist):
    (X, y), (Xt, yt) = mnist
    study = WeightScaleStudy(X, y, Xt[:, :200], yt[:200], n_train=200, epochs=1)
    first = study.compute(10.0)
    assert study.compute(10.0) is first
    fresh = WeightScaleStudy(X, y, Xt[:, :200], yt[:200], n_train=200, epochs=1).compute(10.0)
    assert fresh.costs == first.costs and fresh.test_accuracy == first.test_accuracy
    assert "s = 10" in first.summary() and f"{first.costs[-1]:.3f}" in first.summary()


def test_predicted_z_spread_is_the_formula_and_near_the_measured_spread(mnist):
    (X, _), _ = mnist
    images = X[:, :500]
    norm2 = np.mean(np.sum(images ** 2, axis=0))
    assert predicted_z_spread(28.0, images) == pytest.approx(np.sqrt(28 ** 2 * norm2 / 784 + 1))
    # averaged over 20 draws of the network, the measured spread is within 5% of the prediction
    measured = np.mean([hidden_scaled_network([784, 30, 10], 10.0, seed=seed).forward(images).z(2).var()
                        for seed in range(20)])
    assert np.sqrt(measured) == pytest.approx(predicted_z_spread(10.0, images), rel=0.05)


def test_weight_scale_widget_trains_on_release_and_describes(mnist):
    (X, y), (Xt, yt) = mnist
    study = WeightScaleStudy(X, y, Xt[:, :200], yt[:200], n_train=200, epochs=2)
    view = WeightScaleView(study)
    view.widget(scale=1.0)
    slider = view.slider
    assert slider.description == "s" and slider.tooltip and not slider.continuous_update
    before = view.live.widget.value
    slider.value = 10.0
    assert view.live.widget.value != before
    result = study.compute(10.0)
    assert np.array_equal(view.cost_line.get_ydata(), result.costs)
    assert f"{result.hidden_saturated:.1%} of hidden" in view.live.description


def test_single_saturated_neuron_learns_slowly_with_quadratic_cost():
    costs, outputs = single_neuron_costs(w=2.0, b=2.0, x=1.0, y=0.0, eta=0.15, epochs=300)
    a0 = bpcore.sigmoid(4.0)
    for cost in costs:
        assert outputs[cost][0] == pytest.approx(a0) and len(costs[cost]) == 301
    assert costs["quadratic"][0] == pytest.approx(a0 ** 2 / 2)
    assert costs["cross-entropy"][0] == pytest.approx(-np.log(1 - a0))
    # first step by hand: b → b − η δ, δ = (a − y)σ′(z) or a − y
    quad_b = 2.0 - 0.15 * a0 * bpcore.sigmoid_prime(4.0)
    assert outputs["quadratic"][1] == pytest.approx(bpcore.sigmoid(2 * quad_b))  # w and b move alike (x = 1)
    # after 50 epochs the quadratic neuron is still near its start, the cross-entropy one is not
    assert outputs["quadratic"][50] > 0.95 and outputs["cross-entropy"][50] < 0.2
    assert np.all(np.diff(costs["quadratic"]) < 0) and np.all(np.diff(costs["cross-entropy"]) < 0)


def test_bias_gradient_rms_is_per_bias_and_vanishes_backwards(mnist):
    (X, y), _ = mnist
    sizes = [784, 30, 30, 30, 10]
    rms = bias_gradient_rms(sizes, X[:, :1000], y[:1000], seeds=range(5))
    assert rms.shape == (5, 4) and np.all(rms > 0)
    nabla_b, _ = bpcore.backprop(bpcore.Network(sizes, seed=2), X[:, :1000], y[:1000])
    # the root mean square over the n_l biases of each layer, not the norm of a vector of n_l entries
    assert rms[2] == pytest.approx([np.sqrt(np.mean(g ** 2)) for g in nabla_b])
    mean = rms.mean(axis=0)
    assert np.all(np.diff(mean) > 0)     # earlier layers: smaller gradients
    # the numbers notebook 06 states: about 23× (output / first hidden), about 7× (l = 4 / l = 2)
    assert 22.5 < mean[3] / mean[0] < 24.5 and 7.0 < mean[2] / mean[0] < 7.7


@pytest.mark.render
def test_live_figures_text_is_at_least_11_css_px(mnist):
    (X, y), (Xt, yt) = mnist
    plot = SigmaPrimePlot()
    plot.widget(z=1.0)
    view = WeightScaleView(WeightScaleStudy(X, y, Xt[:, :100], yt[:100], n_train=100, epochs=1))
    view.widget(scale=1.0)
    for live in (plot.live, view.live):
        assert smallest_text_px(live.fig, live.css_dpi) >= 11
