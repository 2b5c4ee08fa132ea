"""The facts that the one-page summary (notebook 08) states, each checked against bpcore.

`check_summary()` runs them all and returns a Verdict; `facts()` gives {statement: holds}.
"""
import numpy as np

from bpcore.activations import sigmoid, sigmoid_prime
from bpcore.backprop import backprop, deltas
from bpcore.lessons.kit.judge import Verdict
from bpcore.lessons.lecture.saturation import SATURATION_Z
from bpcore.network import Network
from bpcore.sgd import update_mini_batch

__all__ = ["facts", "check_summary"]


def _sigma_facts():
    z = np.linspace(-10, 10, 200001)
    slope, sigma = sigmoid_prime(z), sigmoid(z)
    far = np.abs(z) >= 8
    beyond = np.linspace(SATURATION_Z + 1e-9, 12, 1000)
    return {
        "σ′ = σ(1 − σ)": np.allclose(slope, sigma * (1 - sigma), rtol=0, atol=1e-15),
        "σ′ ≤ 1/4 = σ′(0)": slope.max() == 0.25 and z[slope.argmax()] == 0.0,
        "σ′(z) ≈ e^(−|z|) for large |z|": np.allclose(slope[far], np.exp(-np.abs(z[far])), rtol=1e-3),
        "saturated: |z| > ln 99 ≈ 4.6 is σ within 0.01 of 0 or 1": (
            np.isclose(SATURATION_Z, np.log(99)) and np.isclose(sigmoid(SATURATION_Z), 0.99)
            and round(SATURATION_Z, 1) == 4.6),
        "σ′ < 0.0099 there, under 4% of 1/4": np.all(sigmoid_prime(beyond) < 0.0099) and 0.0099 / 0.25 < 0.04,
        "[4, 2] ⊙ [5, 7] = [20, 14]": (np.array([4, 2]) * np.array([5, 7])).tolist() == [20, 14],
    }


def _batch_facts(m=4, eta=0.5):
    net = Network([2, 3, 2], seed=1)
    X, Y = np.random.default_rng(0).random((2, m)), np.random.default_rng(1).random((2, m))
    errors, forward = deltas(net, X, Y)
    nabla_b, nabla_w = backprop(net, X, Y)
    layers = range(2, net.L + 1)
    facts = {
        "shapes: w^l (n_l, n_{l−1}), b^l (n_l, 1), z^l, a^l, δ^l (n_l, m)": all(
            net.w(l).shape == (net.sizes[l - 1], net.sizes[l - 2]) and net.b(l).shape == (net.sizes[l - 1], 1)
            and forward.z(l).shape == forward.a(l).shape == errors[l - 2].shape == (net.sizes[l - 1], m) for l in layers),
        "BP1, quadratic cost: δ^L = (a^L − y) ⊙ σ′(z^L)": np.allclose(
            errors[-1], (forward.a(net.L) - Y) * sigmoid_prime(forward.z(net.L))),
        "BP2: δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)": np.allclose(
            errors[0], (net.w(3).T @ errors[1]) * sigmoid_prime(forward.z(2))),
        "mean cost: ∂C/∂w^l = (1/m) δ^l (a^{l−1})^T, ∂C/∂b^l = (1/m) Σ_x δ^{x,l}": all(
            np.allclose(nabla_w[l - 2], errors[l - 2] @ forward.a(l - 1).T / m)
            and np.allclose(nabla_b[l - 2], errors[l - 2].sum(axis=1, keepdims=True) / m) for l in layers),
    }
    expected = [p - eta * g for p, g in zip(net.weights + net.biases, nabla_w + nabla_b)]
    update_mini_batch(net, X, Y, eta)
    facts["update rules: w^l → w^l − (η/m) Σ_x δ^{x,l} (a^{x,l−1})^T, b^l → b^l − (η/m) Σ_x δ^{x,l}"] = all(
        np.allclose(p, e) for p, e in zip(net.weights + net.biases, expected))
    return facts


def facts():
    """{statement of the summary: True if bpcore agrees}."""
    return {**_sigma_facts(), **_batch_facts()}


def check_summary():
    """Check every fact of the summary against bpcore: a Verdict whose message says how many
    hold, and names those that do not."""
    results = facts()
    wrong = [statement for statement, holds in results.items() if not holds]
    if wrong:
        return Verdict("summary", True, False, f"{len(wrong)} of {len(results)} facts do not hold: " + "; ".join(wrong))
    return Verdict("summary", True, True, f"all {len(results)} facts on this page hold in bpcore")
