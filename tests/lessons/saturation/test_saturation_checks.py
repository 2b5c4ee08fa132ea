"""Notebook 06's compute-first checks name the natural slips."""
import numpy as np
import pytest

import bpcore
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
    assert verdict_says(check_z_spread(np.sqrt(28 * norm2 / 784 + 1), 28, X), "s instead of s²")


def test_output_errors_check():
    a = bpcore.sigmoid(4.0)
    quadratic, cross = a * bpcore.sigmoid_prime(4.0), a
    assert check_output_errors(quadratic, cross).right
    assert not check_output_errors(None, None).written
    swapped = check_output_errors(cross, quadratic)
    assert not swapped.right and verdict_says(swapped, "σ′(z) is missing", "quadratic cost's δ")
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
