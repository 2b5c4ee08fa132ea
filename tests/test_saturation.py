"""bpcore.lessons.saturation: the saturation threshold, the σ′ plot, the weight-scale study, the
single saturated neuron, and the gradient's size per layer."""
import numpy as np
import pytest

import bpcore
from bpcore.lessons.saturation import (SATURATION_Z, SigmaPrimePlot, WeightScaleStudy, bias_gradient_norms,
                               saturated_share, scaled_network, single_neuron_costs)


@pytest.fixture(scope="module")
def mnist():
    return bpcore.load_mnist()


def test_saturation_threshold_is_sigma_within_one_percent_of_0_or_1():
    assert bpcore.sigmoid(SATURATION_Z) == pytest.approx(0.99, abs=1e-12)
    assert bpcore.sigmoid(-SATURATION_Z) == pytest.approx(0.01, abs=1e-12)
    assert bpcore.sigmoid_prime(SATURATION_Z) == pytest.approx(0.99 * 0.01, rel=1e-9)


def test_saturated_share_counts_beyond_the_threshold_on_both_sides():
    z = np.array([[-10.0, -4.0, 0.0, 4.0], [4.7, -4.7, 1.0, 100.0]])
    assert saturated_share(z) == 4 / 8


def test_sigma_prime_values_and_bound():
    assert SigmaPrimePlot.values(0.0) == (0.25, 1.0)
    for z in np.linspace(-10, 10, 81):
        sp, ratio = SigmaPrimePlot.values(z)
        assert 0 < sp <= 0.25 and ratio == pytest.approx(sp / 0.25)
    # e^{-|z|} decay: σ′(10) ≈ e^{-10}
    assert SigmaPrimePlot.values(10.0)[0] == pytest.approx(np.exp(-10.0), rel=1e-3)


def test_z_slider_redraws_the_image():
    plot = SigmaPrimePlot()
    box = plot.widget(z=0.0)
    slider = box.children[0].children[0]
    assert slider.description == "z" and slider.continuous_update
    assert slider.min <= -10 and slider.max >= 10
    before = plot.plot.widget.value
    slider.value = 5.0
    after = plot.plot.widget.value
    assert before and after and before != after
    assert plot.update(5.0) == SigmaPrimePlot.values(5.0)


def test_scaled_network_scales_the_scaled_initialisation():
    sizes = [784, 30, 10]
    one = scaled_network(sizes, 1.0, seed=3)
    assert one.params_equal(bpcore.Network(sizes, seed=3, init="scaled"))
    # s = sqrt(784) = 28 gives the N(0, 1) weights of the first layer exactly (up to rounding)
    standard = bpcore.Network(sizes, seed=3)
    assert np.allclose(scaled_network(sizes, 28.0, seed=3).weights[0], standard.weights[0], rtol=1e-12)
    assert np.array_equal(scaled_network(sizes, 5.0, seed=3).biases[0], standard.biases[0])


def test_weight_scale_study_is_deterministic_and_larger_scales_saturate_more(mnist):
    (X, y), (Xt, yt) = mnist
    study = WeightScaleStudy(X, y, Xt[:, :300], yt[:300], n_train=300, epochs=2)
    small, large = study.compute(1.0), study.compute(28.0)
    assert small.z.shape == (30, 300) and len(small.costs) == 3
    assert small.saturated < 0.01 < 0.3 < large.saturated
    assert large.sigma_prime.mean() < small.sigma_prime.mean()
    # the learning slowdown: after the same epochs the saturated start is behind
    assert large.costs[-1] > small.costs[-1]
    again = study.compute(28.0)
    assert again.costs == large.costs and again.test_accuracy == large.test_accuracy


def test_weight_scale_widget_updates_image_and_progress(mnist):
    (X, y), (Xt, yt) = mnist
    study = WeightScaleStudy(X, y, Xt[:, :200], yt[:200], n_train=200, epochs=2)
    box = study.widget(scale=1.0)
    slider = box.children[0].children[0]
    assert slider.description == "weight scale" and not slider.continuous_update
    before = study.plot.widget.value
    slider.value = 10.0
    assert study.plot.widget.value != before
    assert study.progress.value == 2


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


def test_bias_gradient_norms_match_backprop_and_vanish_backwards(mnist):
    (X, y), _ = mnist
    sizes = [784, 30, 30, 30, 10]
    norms = bias_gradient_norms(sizes, X[:, :1000], y[:1000], seeds=range(5))
    assert norms.shape == (5, 4) and np.all(norms > 0)
    nabla_b, _ = bpcore.backprop(bpcore.Network(sizes, seed=2), X[:, :1000], y[:1000])
    assert norms[2] == pytest.approx([np.linalg.norm(nb) for nb in nabla_b])
    mean = norms.mean(axis=0)
    assert np.all(np.diff(mean) > 0)     # earlier layers: smaller gradients
    assert mean[-1] / mean[0] > 5
