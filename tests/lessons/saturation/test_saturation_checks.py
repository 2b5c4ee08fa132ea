"""Notebook 06's compute-first checks name the natural slips."""
import numpy as np
import pytest

import bpcore
from slip_battery import assert_named
from bpcore.lessons.saturation.checks import check_output_errors, check_sigma_prime, check_slowest_layer, check_z_spread


def verdict_says(verdict, *words):
    return all(word in verdict.message for word in words)


def test_sigma_prime_check():
    assert check_sigma_prime(0.0099).right
    for slip, word in [(0.99, "σ(z) itself"), (0.01, "1 − σ"), (0.0396, "share"), (0.0101, "approximation"),
                       (0.25, "largest")]:
        verdict = check_sigma_prime(slip)
        assert not verdict.right and verdict_says(verdict, word), (slip, verdict)


def test_z_spread_check():
    X = bpcore.load_mnist()[0][0][:, :2000]
    norm2 = np.mean(np.sum(X ** 2, axis=0))
    right = np.sqrt(28 ** 2 * norm2 / 784 + 1)
    assert check_z_spread(right, 28, X).right and check_z_spread(round(right, 2), 28, X).right
    assert verdict_says(check_z_spread(right ** 2, 28, X), "variance")
    assert verdict_says(check_z_spread(np.sqrt(28 ** 2 * norm2 / 784), 28, X), "bias")
    assert verdict_says(check_z_spread(np.sqrt(28 * norm2 / 784 + 1), 28, X), "s where s² belongs")


def test_output_errors_check():
    a = bpcore.sigmoid(4.0)
    quadratic, cross = a * bpcore.sigmoid_prime(4.0), a
    assert check_output_errors(quadratic, cross).right
    assert not check_output_errors(None, None).written
    swapped = check_output_errors(cross, quadratic)
    assert not swapped.right and verdict_says(swapped, "missing σ′", "quadratic cost's δ")
    assert verdict_says(check_output_errors(-quadratic, cross), "sign")
    # the values the backprop of bpcore gives are what the check expects
    start = bpcore.Network.from_params([[[2.0]]], [[2.0]])
    grads = [bpcore.backprop(start, np.array([[1.0]]), np.array([[0.0]]), c)[0][0][0, 0]
             for c in ("quadratic", "cross-entropy")]
    assert check_output_errors(*grads).right


@pytest.mark.parametrize("answer, right", [(2, True), (5, False), (3, False), (1, False)])
def test_slowest_layer_check(answer, right):
    verdict = check_slowest_layer(answer)
    assert verdict.right == right and verdict.written
    if answer == 5:
        assert verdict_says(verdict, "output layer")


S = 0.99
Z = float(np.log(S / (1 - S)))
SIGMA_PRIME_BATTERY = [
    (S, "σ(z) itself"), (1 - S, "1 − σ(z)"), (S * (1 - S) / 0.25, "share of the peak"),
    (np.exp(-Z), "approximation"), (0.25, "σ′(0)"), (float(bpcore.sigmoid_prime(S)), "taken at the activation"),
    (-S * (1 - S), "σ′ is positive"), (S * (1 + S), "σ(1 + σ)"), (Z * (1 - Z), "z(1 − z)"),
    (round(S * (1 - S), 2), "rounded to 2 decimals"),
]


@pytest.mark.parametrize("value, phrase", SIGMA_PRIME_BATTERY)
def test_sigma_prime_battery(value, phrase):
    assert_named(check_sigma_prime(value), phrase, value)


def test_the_rounded_sigma_prime_is_close_and_both_readings_are_true():
    verdict = check_sigma_prime(0.01)
    assert verdict.close and "right value rounded to 2 decimals" in verdict.message and "1 − σ(z)" in verdict.message
    assert round(S * (1 - S), 2) == 0.01 and abs((1 - S) - 0.01) < 1e-12


def test_output_errors_battery():
    a, sp = float(bpcore.sigmoid(4.0)), float(bpcore.sigmoid_prime(4.0))
    quad = a * sp
    for value, phrase in [(a, "missing σ′"), (-quad, "sign flipped"), (sp, "σ′(z) alone"),
                          (a * float(bpcore.sigmoid_prime(a)), "taken at the activation"), (quad * sp, "extra σ′"),
                          (a * a, "σ where BP1 has σ′")]:
        assert_named(check_output_errors(value, a), phrase, value)
    for value, phrase in [(quad, "quadratic cost's δ"), (-a, "sign flipped"), (a / (a * (1 - a)), "∇_a C")]:
        assert_named(check_output_errors(quad, value), phrase, value)


def test_z_spread_battery():
    X = bpcore.load_mnist()[0][0][:, :2000]
    norm2, s = np.mean(np.sum(X ** 2, axis=0)), 28
    for value, phrase in [(s ** 2 * norm2 / 784 + 1, "variance"), (np.sqrt(s ** 2 * norm2 / 784), "bias"),
                          (np.sqrt(s * norm2 / 784 + 1), "s where s²"), (np.sqrt(s ** 2 * norm2 + 1), "variance s²"),
                          (np.sqrt(s ** 2 / 784 + 1), "without ||x||²"),
                          (np.sqrt(s ** 2 * np.sqrt(norm2) / 784 + 1), "||x|| where"),
                          (s * np.sqrt(norm2 / 784) + 1, "variances do")]:
        assert_named(check_z_spread(value, s, X), phrase, value)


@pytest.mark.parametrize("layer, phrase", [(5, "output layer"), (3, "between"), (4, "between"), (1, "input layer"),
                                           (0, "counts layers from 1")])
def test_slowest_layer_battery(layer, phrase):
    assert_named(check_slowest_layer(layer), phrase, layer)
