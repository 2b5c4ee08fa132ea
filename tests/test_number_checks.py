"""bpcore.lessons.number_checks: the "compute it first" checks of notebooks 02 and 06 accept the
right answer and name the natural slips."""
import numpy as np
import pytest

import bpcore
from bpcore.lessons.number_checks import (check_batch_shape, check_number, check_output_errors, check_shape, check_sigma_prime,
                                          check_slowest_layer, check_weight_shape, check_weighted_input,
                                          check_z_spread)


def verdict_says(verdict, *words):
    return all(word in verdict.message for word in words)


def test_check_number_right_slip_unknown_and_unwritten():
    slips = [(2.0, "doubled")]
    assert check_number("x", None, 1.0).written is False
    assert check_number("x", 1.0004, 1.0).right
    wrong = check_number("x", 2.0, 1.0, slips)
    assert wrong.written and not wrong.right and verdict_says(wrong, "doubled")
    assert "not it" in check_number("x", 7.0, 1.0, slips).message
    assert "one number" in check_number("x", [1.0, 2.0], 1.0).message
    assert "one number" in check_number("x", "one", 1.0).message


def test_check_shape_names_the_transpose():
    assert check_shape("w", (2, 4), (2, 4)).right
    assert verdict_says(check_shape("w", (4, 2), (2, 4)), "transposed")
    assert "tuple of integers" in check_shape("w", "2x4", (2, 4)).message


def test_weight_shape_of_the_small_network():
    sizes = [3, 4, 2]
    assert check_weight_shape(sizes, 3, (2, 4)).right
    assert verdict_says(check_weight_shape(sizes, 3, (4, 2)), "transposed")
    assert verdict_says(check_weight_shape(sizes, 3, (4, 3)), "w^2")
    assert verdict_says(check_weight_shape(sizes, 3, (2, 1)), "b^3")


def test_weighted_input_right_and_slips():
    net = bpcore.Network([3, 4, 2], seed=0)
    x = np.array([[1.0], [0.5], [-1.0]])
    fp = net.forward(x)
    z = float(fp.z(3)[0, 0])
    assert check_weighted_input(net, x, z).right
    assert check_weighted_input(net, x, round(z, 4)).right
    b = float(net.b(3)[0, 0])
    assert verdict_says(check_weighted_input(net, x, z - b), "bias")
    assert verdict_says(check_weighted_input(net, x, float(fp.a(3)[0, 0])), "σ")
    assert verdict_says(check_weighted_input(net, x, float(fp.z(3)[1, 0])), "row 0")
    z_from_z2 = float(net.w(3)[0] @ fp.z(2)[:, 0] + b)
    assert verdict_says(check_weighted_input(net, x, z_from_z2), "instead of a^2")


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


def test_batch_shape_check():
    sizes = [784, 30, 10]
    assert check_batch_shape(sizes, 2, 10, (30, 10)).right
    assert verdict_says(check_batch_shape(sizes, 2, 10, (10, 30)), "transposed")
    assert verdict_says(check_batch_shape(sizes, 2, 10, (30, 1)), "one column per example")
    assert verdict_says(check_batch_shape(sizes, 2, 10, (30, 784)), "w^2")
