"""The chain-rule factors of `bpcore.lessons.backprop_equations.derivation`, measured by central differences, against
the factors written out in plain Python from the lecture's example (tests/reference.py). The
functions take the lecture's neuron numbers, from 1; the plain-Python lists here index from 0."""
import numpy as np
import pytest

import bpcore
from bpcore.lessons.backprop_equations import derivation
from bpcore.lessons.lecture import example as lecture_example
from reference import B2, B3, W2, W3, params_equal, sigmoid_prime_ref, sigmoid_ref

X, Y = [1.0, 1.0], [1.0, 1.0]


def forward_ref():
    z2 = [sum(W2[j][k] * X[k] for k in range(2)) + B2[j] for j in range(3)]
    a2 = [sigmoid_ref(v) for v in z2]
    z3 = [sum(W3[j][k] * a2[k] for k in range(3)) + B3[j] for j in range(2)]
    a3 = [sigmoid_ref(v) for v in z3]
    return z2, a2, z3, a3


@pytest.fixture
def example():
    return lecture_example.network(), np.array(X), np.array(Y)


def test_bp1_factors(example):
    net, x, y = example
    _, _, z3, a3 = forward_ref()
    for j in range(2):
        assert derivation.dC_da(net, x, y, j + 1) == pytest.approx(a3[j] - Y[j], abs=1e-8)
        assert derivation.da_dz(z3[j]) == pytest.approx(sigmoid_prime_ref(z3[j]), abs=1e-8)
        for k in range(2):
            expected = sigmoid_prime_ref(z3[j]) if k == j else 0.0
            assert derivation.da_dz_of(net, x, 3, k + 1, j + 1) == pytest.approx(expected, abs=1e-8)
        delta = (a3[j] - Y[j]) * sigmoid_prime_ref(z3[j])
        assert derivation.dC_dz(net, x, y, 3, j + 1) == pytest.approx(delta, abs=1e-8)


def test_bp2_factors(example):
    net, x, y = example
    z2, _, z3, a3 = forward_ref()
    delta3 = [(a3[k] - Y[k]) * sigmoid_prime_ref(z3[k]) for k in range(2)]
    for j in range(3):
        for k in range(2):
            expected = W3[k][j] * sigmoid_prime_ref(z2[j])
            assert derivation.dz_next_dz(net, x, 2, k + 1, j + 1) == pytest.approx(expected, abs=1e-8)
        delta2 = sum(W3[k][j] * delta3[k] for k in range(2)) * sigmoid_prime_ref(z2[j])
        assert derivation.dC_dz(net, x, y, 2, j + 1) == pytest.approx(delta2, abs=1e-9)


def test_bp3_bp4_factors_and_gradients(example):
    net, x, y = example
    z2, a2, z3, a3 = forward_ref()
    delta3 = [(a3[k] - Y[k]) * sigmoid_prime_ref(z3[k]) for k in range(2)]
    for j in range(2):
        assert derivation.dz_db(net, x, 3, j + 1) == pytest.approx(1.0, abs=1e-8)
        assert derivation.dC_db(net, x, y, 3, j + 1) == pytest.approx(delta3[j], abs=1e-8)
        for k in range(3):
            assert derivation.dz_dw(net, x, 3, j + 1, k + 1) == pytest.approx(a2[k], abs=1e-8)
            assert derivation.dC_dw(net, x, y, 3, j + 1, k + 1) == pytest.approx(a2[k] * delta3[j], abs=1e-8)
    # the lecture's w^3_13: a^2_3 δ^3_1 = −0.0582 (the slide prints −0.0098)
    assert derivation.dC_dw(net, x, y, 3, 1, 3) == pytest.approx(-0.0582, abs=5e-5)
    for j in range(3):
        for k in range(2):  # layer 2: a^1 = x, errors from BP2
            grad = bpcore.backprop(net, x, y)[1][0][j, k]
            assert derivation.dC_dw(net, x, y, 2, j + 1, k + 1) == pytest.approx(grad, abs=1e-9)


def test_parameters_are_put_back(example):
    net, x, y = example
    before = net.copy()
    derivation.dC_dw(net, x, y, 3, 2, 3)
    derivation.dz_dw(net, x, 2, 1, 2)
    derivation.dC_db(net, x, y, 2, 3)
    derivation.dz_db(net, x, 3, 2)
    derivation.dC_da(net, x, y, 2)
    assert params_equal(net, before)


def test_forward_with_nudge_matches_the_forward_pass():
    net = bpcore.Network([3, 4, 4, 2], seed=3)
    x = np.array([0.2, -0.4, 0.9])
    forward = net.forward(x)
    zs = derivation.forward_with_nudge(net, x, 3, 2, 0.0)
    for l, z in enumerate(zs, start=2):
        assert np.array_equal(z, forward.z(l))
    nudged = derivation.forward_with_nudge(net, x, 3, 2, 0.5)        # z³_2: numpy's row 1
    assert nudged[1][1, 0] == forward.z(3)[1, 0] + 0.5 and np.array_equal(nudged[0], forward.z(2))
    assert not np.allclose(nudged[2], forward.z(4))      # the nudge reaches the next layer


def test_deeper_network_agrees_with_bpcore():
    net = bpcore.Network([3, 4, 4, 2], seed=1)
    x, y = np.array([0.3, 0.7, -0.2]), np.array([0.1, 0.9])
    errors, _ = bpcore.deltas(net, x, y)
    for l in (2, 3, 4):
        for j in range(1, net.sizes[l - 1] + 1):
            assert derivation.dC_dz(net, x, y, l, j) == pytest.approx(errors[l - 2][j - 1, 0], abs=1e-8)


def test_bad_layer_is_a_clear_error(example):
    net, x, _ = example
    with pytest.raises(ValueError):
        derivation.forward_with_nudge(net, x, 5, 1, 0.1)


def test_verdict():
    assert derivation.verdict(1.0, 1.0 + 1e-9) == "agrees"
    assert derivation.verdict(1.0, 1.1).startswith("DIFFERS by 1.0e-01")


def test_error_at_a_moved_weighted_input(example):
    net, x, y = example
    before = [p.copy() for p in net.weights + net.biases]
    z2, _, _, _ = forward_ref()
    # at the neuron's own z the error is its ordinary δ
    (delta2, _), _ = bpcore.deltas(net, x, y)
    assert derivation.error_at(net, x, y, 2, 1, z2[0]) == pytest.approx(delta2[0, 0], abs=1e-15)
    for z in (0.0, 10.0):
        # recompute by hand: the bias shifted so that z²_1 = z, everything after it follows
        a2 = [sigmoid_ref(z)] + [sigmoid_ref(v) for v in z2[1:]]
        z3 = [sum(W3[j][k] * a2[k] for k in range(3)) + B3[j] for j in range(2)]
        d3 = [(sigmoid_ref(z3[j]) - Y[j]) * sigmoid_prime_ref(z3[j]) for j in range(2)]
        expected = (W3[0][0] * d3[0] + W3[1][0] * d3[1]) * sigmoid_prime_ref(z)
        assert derivation.error_at(net, x, y, 2, 1, z) == pytest.approx(expected, rel=1e-9)
    assert all(np.array_equal(p, q) for p, q in zip(net.weights + net.biases, before))
    ratio = derivation.error_at(net, x, y, 2, 1, 0.0) / derivation.error_at(net, x, y, 2, 1, 10.0)
    assert 1980 < ratio < 2000                  # the notebook's "recomputed" fall


def test_arriving_error_and_saturation_factor(example):
    net, x, y = example
    _, _, z3, a3 = forward_ref()
    d3 = [(a3[k] - Y[k]) * sigmoid_prime_ref(z3[k]) for k in range(2)]
    assert derivation.arriving_error(net, x, y, 2, 1) == pytest.approx(W3[0][0] * d3[0] + W3[1][0] * d3[1], rel=1e-12)
    with pytest.raises(ValueError, match="hidden layer"):
        derivation.arriving_error(net, x, y, 3, 1)
    assert derivation.saturation_factor(10) == pytest.approx(0.25 / sigmoid_prime_ref(10), rel=1e-12)
    assert 5500 < derivation.saturation_factor(10) < 5510


@pytest.mark.parametrize("call, words", [
    (lambda net, x, y: derivation.dC_dz(net, x, y, 2, 4), "j counts the neurons of layer 2 from 1, as the lecture does: 1..3"),
    (lambda net, x, y: derivation.dC_dz(net, x, y, 2, 0), "j counts the neurons of layer 2 from 1"),   # numpy's 0
    (lambda net, x, y: derivation.dC_dz(net, x, y, 1, 1), "layer l must be an integer in 2..3"),
    (lambda net, x, y: derivation.dC_dw(net, x, y, 2, 1, 3), "k counts the neurons of layer 1 from 1, as the lecture does: 1..2"),
    (lambda net, x, y: derivation.dC_da(net, x, y, 3), "1..2"),
    (lambda net, x, y: derivation.dz_next_dz(net, x, 3, 1, 1), "a layer after it"),
    (lambda net, x, y: derivation.dC_db(net, x, [1.0, 1.0, 1.0], 2, 1), "one target per output neuron"),
    (lambda net, x, y: derivation.dC_dz(net, x, y, 2, 1.5), "from 1"),
    (lambda net, x, y: derivation.error_at(net, x, y, 2, -1, 0.0), "from 1"),
])
def test_wrong_arguments_get_the_projects_message(example, call, words):
    net, x, y = example
    before = [p.copy() for p in net.weights + net.biases]
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(".", r"\.")):
        call(net, x, y)
    assert all(np.array_equal(p, q) for p, q in zip(net.weights + net.biases, before))
