"""The self-checks of notebook 04: right answers pass and the natural slips are named (a sum
where a mean belongs, a transposed product, a missing σ′, a miscount of parameters)."""
import numpy as np
import pytest

import bpcore
from bpcore.lessons.backprop_algorithm import checks as check


@pytest.fixture(scope="module")
def batch():
    rng = np.random.default_rng(3)
    X = rng.random((6, 8))
    X[[1, 4], :] = 0.0                       # two inputs dark in every example
    X[2, 0] = 0.0                            # one dark in one example only
    return bpcore.Network([6, 4, 3], seed=0), X, rng.integers(0, 3, size=8)


def test_zero_gradient_pixels(batch):
    net, X, labels = batch
    assert check.check_zero_gradient_pixels(X.max(axis=1) == 0, net, X, labels).right
    assert "at least one image" in check.check_zero_gradient_pixels(X.min(axis=1) == 0, net, X, labels).message
    wrong_axis = check.check_zero_gradient_pixels(X.max(axis=0) == 0, net, X, labels)
    assert not wrong_axis.right and "axis=1" in wrong_axis.message
    assert not check.check_zero_gradient_pixels(None, net, X, labels).written


def test_output_errors():
    assert check.check_output_errors(0.99 * 0.99 * 0.01, 0.6 * 0.6 * 0.4).right
    assert "15 times smaller" in check.check_output_errors(0.0098, 0.144).message
    assert "missing σ′" in check.check_output_errors(0.99, 0.144).message
    assert not check.check_output_errors(None, 0.144).right


def test_batch_weight_gradient_sum_mean_and_transpose(batch):
    net, X, labels = batch
    Y = bpcore.one_hot(labels, 3)
    (_, delta), fp = bpcore.deltas(net, X, Y)
    m = X.shape[1]
    assert check.check_batch_weight_gradient(delta @ fp.a(2).T / m, net, X, Y).right
    assert "a sum where a mean belongs" in check.check_batch_weight_gradient(delta @ fp.a(2).T, net, X, Y).message
    assert "the transpose" in check.check_batch_weight_gradient(fp.a(2) @ delta.T / m, net, X, Y).message
    means = delta.mean(axis=1, keepdims=True) @ fp.a(2).mean(axis=1, keepdims=True).T
    assert "product of the means" in check.check_batch_weight_gradient(means, net, X, Y).message


def test_forward_passes_exact_count():
    sizes = [784, 30, 10]
    assert check.check_forward_passes(47_720, sizes).right
    assert "needs two" in check.check_forward_passes(23_860, sizes).message
    assert "biases are parameters too" in check.check_forward_passes(47_640, sizes).message
    assert "one-sided" in check.check_forward_passes(23_861, sizes).message
    assert not check.check_forward_passes(47_721, sizes).right          # a count must be exact
