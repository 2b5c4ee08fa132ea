"""The checks of a student's own computation of the worked example: right answers pass
(typed to the slides' rounding, too), and each natural slip is named."""
import numpy as np
import pytest

import bpcore
from slip_battery import UNKNOWN, assert_named
from bpcore.lessons.worked_example import checks

V = checks.example()
SP = bpcore.sigmoid_prime


def test_the_example_is_bpcores_forward_and_backward_pass():
    net = checks.network()
    (_, delta3), fp = bpcore.deltas(net, V["x"], V["y"])
    for name, value in (("z2", fp.z(2)), ("a2", fp.a(2)), ("z3", fp.z(3)), ("a3", fp.a(3)), ("delta3", delta3)):
        np.testing.assert_allclose(V[name], value[:, 0], rtol=1e-14)


@pytest.mark.parametrize("check, answer", [
    (checks.check_z2, V["z2"]), (checks.check_z2, [-0.88, -0.73, 0.21]), (checks.check_z2, V["z2"][:, None]),
    (checks.check_a2, V["a2"]),
    (checks.check_delta3, V["delta3"]), (checks.check_delta3, [-0.1054, -0.0492]),
    (checks.check_weight_gradient, np.outer(V["delta3"], V["a2"])),
    (checks.check_batch_bias_gradient, checks.batch_errors().mean(axis=1)),
])
def test_right_answers_pass(check, answer):
    verdict = check(answer)
    assert verdict.right and verdict.message.startswith("right"), verdict


@pytest.mark.parametrize("check", [checks.check_z2, checks.check_a2, checks.check_delta3,
                                   checks.check_weight_gradient, checks.check_batch_bias_gradient])
def test_an_unwritten_answer_says_so(check):
    verdict = check(...)
    assert not verdict.written and "not written yet" in verdict.message


w2, b2, x, z2, a2, z3, a3, y, d3 = (V[k] for k in ("w2", "b2", "x", "z2", "a2", "z3", "a3", "y", "delta3"))


@pytest.mark.parametrize("check, answer, words", [
    (checks.check_z2, w2 @ x, "without the bias"),                                     # a missing bias
    (checks.check_z2, w2 @ x + b2[:, None], "broadcast"),
    (checks.check_z2, w2.sum(axis=0), "the transposed matrix"),                                  # a transposed matrix
    (checks.check_z2, a2, "a² = σ(z²)"),
    (checks.check_a2, z2, "z² itself"),
    (checks.check_a2, bpcore.sigmoid(w2 @ x), "without its bias"),
    (checks.check_a2, bpcore.sigmoid(-z2), "minus sign"),
    (checks.check_delta3, a3 - y, "missing σ′"),                                  # a missing σ′
    (checks.check_delta3, (y - a3) * SP(z3), "sign flipped"),          # the order of (a − y)
    (checks.check_delta3, (a3 - y) * SP(a3), "taken at the activation"),                  # a instead of z
    (checks.check_delta3, (a3 - y) * z3 * (1 - z3), "not z"),                        # z instead of a
    (checks.check_delta3, (a3 - y) * a3, "derivative"),
    (checks.check_weight_gradient, np.outer(a2, d3), "the transpose"),                   # a transposed matrix
    (checks.check_weight_gradient, np.outer(a3 - y, a2), "missing σ′"),
    (checks.check_weight_gradient, np.outer(d3, z2), "activation a²"),
    (checks.check_weight_gradient, np.outer(d3, a3), "a^(l−1) = a²"),
    (checks.check_weight_gradient, [[-0.031, -0.034, -0.0098], [-0.014, -0.016, -0.027]], "misprint"),
    (checks.check_batch_bias_gradient, checks.batch_errors().sum(axis=1), "sum"),    # a sum where a mean belongs
    (checks.check_batch_bias_gradient, checks.batch_errors().mean(axis=0), "axis=1"),
    (checks.check_batch_bias_gradient, checks.batch_errors()[:, 0], "first example"),
    (checks.check_z2, w2 @ x - b2, "bias subtracted"), (checks.check_z2, -z2, "sign is flipped"),
    (checks.check_a2, SP(z2), "σ′(z²)"), (checks.check_a2, -a2, "sign is flipped"),
    (checks.check_delta3, (a3 - y) * SP(z3) ** 2, "extra σ′"),
    (checks.check_weight_gradient, -np.outer(d3, a2), "sign flipped"),
    (checks.check_weight_gradient, np.outer((a3 - y) * SP(a3), a2), "taken at the activation"),
    (checks.check_weight_gradient, np.outer((a3 - y) * a3, a2), "σ(z³) where BP1 has σ′"),
    (checks.check_weight_gradient, np.outer(d3 * SP(z3), a2), "extra σ′"),
    (checks.check_weight_gradient, np.outer(d3, x), "not a¹"),
    (checks.check_batch_bias_gradient, checks.batch_errors()[:, 1], "second example"),
    (checks.check_batch_bias_gradient, checks.batch_errors().sum(axis=0), "sum over the neurons"),
    (checks.check_batch_bias_gradient, checks.batch_errors().mean(), "all four entries"),
    (checks.check_batch_bias_gradient, -checks.batch_errors().mean(axis=1), "sign flipped"),
])
def test_each_natural_slip_is_named(check, answer, words):
    assert_named(check(answer), words)


def test_the_rounded_hidden_activations_are_named_in_delta3():
    rounded = bpcore.sigmoid(V["w3"] @ np.round(a2, 2) + V["b3"])
    verdict = checks.check_delta3((rounded - y) * rounded * (1 - rounded))
    assert not verdict.right and "rounded" in verdict.message


def test_a_wrong_type_or_shape_is_said_plainly():
    assert "should be numbers" in checks.check_z2("z").message
    assert "shape (2, 2), expected (2,)" in checks.check_delta3(np.zeros((2, 2))).message
    assert "all finite" in checks.check_a2([np.nan, 0, 0]).message


@pytest.mark.parametrize("check, right", [(checks.check_z2, z2), (checks.check_a2, a2), (checks.check_delta3, d3),
                                          (checks.check_weight_gradient, np.outer(d3, a2)),
                                          (checks.check_batch_bias_gradient, checks.batch_errors().mean(axis=1))])
def test_the_slides_rounding_is_close_or_right(check, right):
    for decimals in (2, 3, 4):
        verdict = check(np.round(right, decimals))
        assert (verdict.right or verdict.close) and UNKNOWN not in verdict.message, (decimals, verdict)
    assert check(np.round(right, 4)).right or np.max(np.abs(right)) < 0.05   # 4 decimals: right for |entries| ≳ 0.05


@pytest.mark.parametrize("check, answer, phrase", [
    (checks.check_delta3, y - a3, "flipped, and with that undone it is a³ − y, missing σ′"),
    (checks.check_delta3, (y - a3) * SP(a3), "flipped, and with that undone it is (a³ − y) σ′(a³)"),
    (checks.check_weight_gradient, np.outer(a2, a3 - y), "transposed, and with that undone it is (a³ − y)(a²)^T"),
    (checks.check_weight_gradient, np.outer(z2, d3), "transposed, and with that undone it is δ³ (z²)^T"),
    (checks.check_batch_bias_gradient, -checks.batch_errors().sum(axis=1),
     "flipped, and with that undone it is the sum over the examples"),
])
def test_two_slips_at_once_are_named_as_a_pair(check, answer, phrase):
    assert_named(check(answer), phrase)
