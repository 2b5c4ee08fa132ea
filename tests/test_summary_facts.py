"""Every formula and fact that notebooks/08_summary.ipynb states, checked against bpcore."""
import numpy as np
import pytest

import bpcore
from bpcore.lessons.saturation import SATURATION_Z, is_saturated


def test_sigma_and_sigma_prime():
    z = np.linspace(-10, 10, 200001)
    slope = bpcore.sigmoid_prime(z)
    sigma = bpcore.sigmoid(z)
    assert np.allclose(slope, sigma * (1 - sigma), rtol=0, atol=1e-15)     # σ′ = σ(1 − σ)
    assert slope.max() == 0.25 and z[slope.argmax()] == 0.0               # ≤ 1/4 = σ′(0)
    assert np.allclose(sigma, 1 / (1 + np.exp(-z)))
    far = np.abs(z) >= 8                                                  # σ′(z) ≈ e^{−|z|}
    assert np.allclose(slope[far], np.exp(-np.abs(z[far])), rtol=1e-3)


def test_saturated_as_the_summary_defines_it():
    assert SATURATION_Z == pytest.approx(np.log(99)) and round(SATURATION_Z, 1) == 4.6
    assert bpcore.sigmoid(SATURATION_Z) == pytest.approx(0.99)
    beyond = np.linspace(SATURATION_Z + 1e-9, 12, 1000)
    assert np.all(bpcore.sigmoid_prime(beyond) < 0.0099) and 0.0099 / 0.25 < 0.04
    sigma = bpcore.sigmoid(np.concatenate([beyond, -beyond]))
    assert np.all((sigma > 0.99) | (sigma < 0.01)) and np.all(is_saturated(np.concatenate([beyond, -beyond])))


def test_hadamard_example():
    assert (np.array([4, 2]) * np.array([5, 7])).tolist() == [20, 14]


def test_shapes_bp3_bp4_and_update_rule_for_m_columns():
    net = bpcore.Network([2, 3, 2], seed=1)
    m, eta = 4, 0.5
    X, Y = np.random.default_rng(0).random((2, m)), np.random.default_rng(1).random((2, m))
    errors, fp = bpcore.deltas(net, X, Y)
    nabla_b, nabla_w = bpcore.backprop(net, X, Y)
    for l in range(2, net.L + 1):
        n_l, n_prev = net.sizes[l - 1], net.sizes[l - 2]
        assert net.w(l).shape == (n_l, n_prev) and net.b(l).shape == (n_l, 1)
        assert fp.z(l).shape == fp.a(l).shape == errors[l - 2].shape == (n_l, m)
        assert np.allclose(nabla_w[l - 2], errors[l - 2] @ fp.a(l - 1).T / m)                 # (1/m) δ^l (a^{l−1})^T
        assert np.allclose(nabla_b[l - 2], errors[l - 2].sum(axis=1, keepdims=True) / m)      # (1/m) Σ_x δ^{x,l}
    # BP1 with the quadratic cost: δ^L = (a^L − y) ⊙ σ′(z^L)
    assert np.allclose(errors[-1], (fp.a(net.L) - Y) * bpcore.sigmoid_prime(fp.z(net.L)))
    # BP2: δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)
    assert np.allclose(errors[0], (net.w(3).T @ errors[1]) * bpcore.sigmoid_prime(fp.z(2)))
    # the update rules: w^l → w^l − (η/m) Σ_x δ^{x,l} (a^{x,l−1})^T, b^l → b^l − (η/m) Σ_x δ^{x,l}
    expected_w = [w - eta * g for w, g in zip(net.weights, nabla_w)]
    expected_b = [b - eta * g for b, g in zip(net.biases, nabla_b)]
    bpcore.update_mini_batch(net, X, Y, eta)
    assert all(np.allclose(w, e) for w, e in zip(net.weights, expected_w))
    assert all(np.allclose(b, e) for b, e in zip(net.biases, expected_b))


def test_the_cost_of_one_example_and_of_all():
    net = bpcore.Network([3, 4, 2], seed=2)
    X, Y = np.random.default_rng(3).random((3, 5)), np.random.default_rng(4).random((2, 5))
    per_example = [np.sum((Y[:, i] - net.feedforward(X[:, [i]])[:, 0]) ** 2) / 2 for i in range(5)]
    assert bpcore.cost_value(net, X[:, [0]], Y[:, [0]]) == pytest.approx(per_example[0])
    assert bpcore.cost_value(net, X, Y) == pytest.approx(np.mean(per_example))
