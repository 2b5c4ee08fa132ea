"""Notebook 02's compute-first checks name the natural slips."""
import numpy as np

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
    assert verdict_says(check_weighted_input(net, x, float(fp.z(3)[1, 0])), "row 0")
    z_from_z2 = float(net.w(3)[0] @ fp.z(2)[:, 0] + b)
    assert verdict_says(check_weighted_input(net, x, z_from_z2), "instead of a^2")


def test_batch_shape_check():
    sizes = [784, 30, 10]
    assert check_batch_shape(sizes, 2, 10, (30, 10)).right
    assert verdict_says(check_batch_shape(sizes, 2, 10, (10, 30)), "transposed")
    assert verdict_says(check_batch_shape(sizes, 2, 10, (30, 1)), "one column per example")
    assert verdict_says(check_batch_shape(sizes, 2, 10, (30, 784)), "w^2")
