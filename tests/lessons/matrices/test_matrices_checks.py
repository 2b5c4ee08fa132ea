"""Notebook 02's compute-first checks name the natural slips."""
import numpy as np
import pytest
from slip_battery import UNKNOWN, assert_named

import bpcore
from bpcore.lessons.matrices.checks import check_batch_shape, check_weight_shape, check_weighted_input


def verdict_says(verdict, *words):
    return all(word in verdict.message for word in words)


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
    assert verdict_says(check_weighted_input(net, x, float(fp.z(3)[1, 0])), "numpy row 0")
    z_from_z2 = float(net.w(3)[0] @ fp.z(2)[:, 0] + b)
    assert verdict_says(check_weighted_input(net, x, z_from_z2), "where a^2 belongs")


def test_batch_shape_check():
    sizes = [784, 30, 10]
    assert check_batch_shape(sizes, 2, 10, (30, 10)).right
    assert verdict_says(check_batch_shape(sizes, 2, 10, (10, 30)), "transposed")
    assert verdict_says(check_batch_shape(sizes, 2, 10, (30, 1)), "one column per example")
    assert verdict_says(check_batch_shape(sizes, 2, 10, (30, 784)), "w^2")


NET = bpcore.Network([3, 4, 2], seed=0)
X1 = np.array([[1.0], [0.5], [-1.0]])
FP = NET.forward(X1)
W3, B3, A2, Z2 = NET.w(3), NET.b(3)[:, 0], FP.a(2)[:, 0], FP.z(2)[:, 0]
Z3 = W3 @ A2 + B3
WEIGHTED_INPUT_BATTERY = [
    (Z3[0] - B3[0], "without the bias"), (Z3[0] - 2 * B3[0], "bias subtracted"),
    (float(bpcore.sigmoid(Z3[0])), "σ(z^3_1)"), (Z3[1], "z^3_2: lecture neuron 1 is numpy row 0"),
    (W3[0] @ Z2 + B3[0], "z^2 where a^2 belongs"), (Z3[0] + 3 * B3[0], "once per term"),
    (W3[0] @ A2 + NET.b(2)[0, 0], "b^2_1, layer 2's bias"), (-Z3[0], "sign is flipped"),
]
SHAPE_BATTERY = [
    (check_weight_shape, ([3, 4, 2], 3), (4, 2), "transposed"), (check_weight_shape, ([3, 4, 2], 3), (4, 3), "w^2"),
    (check_weight_shape, ([3, 4, 2], 3), (2, 1), "b^3"), (check_weight_shape, ([3, 4, 2], 3), (2,), "like b^3"),
    (check_weight_shape, ([3, 4, 5, 2], 3), (2, 5), "w^4"),
    (check_batch_shape, ([784, 30, 10], 2, 10), (10, 30), "transposed"),
    (check_batch_shape, ([784, 30, 10], 2, 10), (30, 1), "one column per example"),
    (check_batch_shape, ([784, 30, 10], 2, 10), (10, 10), "a^L"),
    (check_batch_shape, ([784, 30, 10], 2, 10), (784, 10), "A^1's shape"),
    (check_batch_shape, ([784, 30, 10], 2, 10), (30, 784), "w^2"),
]


@pytest.mark.parametrize("value, phrase", WEIGHTED_INPUT_BATTERY)
def test_weighted_input_battery(value, phrase):
    assert_named(check_weighted_input(NET, X1, float(value)), phrase, value)


@pytest.mark.parametrize("check, args, shape, phrase", SHAPE_BATTERY)
def test_shape_battery(check, args, shape, phrase):
    assert_named(check(*args, shape), phrase, shape)


def test_a_rounded_weighted_input_is_close_or_right():
    for digits in (2, 3, 4):
        verdict = check_weighted_input(NET, X1, float(f"{Z3[0]:.{digits}g}"))
        assert (verdict.right or verdict.close) and UNKNOWN not in verdict.message
