"""bpcore.lessons.saturation.figures: each figure comes with a text alternative computed from the
numbers it draws, and no text under 10 pt at 80 dpi (11 CSS px)."""
import numpy as np
import pytest

from bpcore.lessons.saturation.experiments import single_neuron_costs
from bpcore.lessons.saturation.figures import (
    layer_gradient_figure,
    scale_costs_figure,
    sigma_prime_decay_figure,
    single_neuron_figure,
)
from bpcore.lessons.saturation.weight_scale import ScaleResult
from figure_text import smallest_text_px


def fake_result(s, end):
    z = np.linspace(-6, 6, 60).reshape(6, 10)
    return ScaleResult(f"s = {s:g}", z, z / 3, [1.5, 0.2, 0.1, end], 0.9)


def test_sigma_prime_decay_figure():
    fig, alt = sigma_prime_decay_figure()
    assert "e^(−|z|)" in alt and "less than 10%" in alt
    assert smallest_text_px(fig) >= 11


def test_scale_costs_figure_reports_the_last_costs():
    results = {1.0: fake_result(1, 0.058), 28.0: fake_result(28, 0.133)}
    fig, alt = scale_costs_figure(results, fake_result(28, 0.241))
    assert "0.058 (s = 1)" in alt and "0.133 (s = 28)" in alt and "0.241" in alt
    assert smallest_text_px(fig) >= 11


def test_single_neuron_figure():
    costs, outputs = single_neuron_costs(epochs=120)
    fig, alt = single_neuron_figure(costs, outputs)
    assert f"{outputs['quadratic'][100]:.3f}" in alt and f"{outputs['cross-entropy'][50]:.2f}" in alt
    assert smallest_text_px(fig) >= 11


@pytest.mark.parametrize("rising", [True, False])
def test_layer_gradient_figure(rising):
    rms = np.array([[0.001, 0.01, 0.02, 0.05], [0.002, 0.01, 0.03, 0.04]])
    if not rising:
        rms[1, 2] = 0.005
    fig, alt = layer_gradient_figure([784, 30, 30, 30, 10], rms)
    assert ("every line rises" in alt) == rising
    assert f"{rms.mean(axis=0)[0]:.2g}" in alt
    assert smallest_text_px(fig) >= 11
