"""The one judge: each kind (number, count, array, shape, function) gives right, close, a named
slip, unknown and "not written yet", with the tolerance its module documents."""
import numpy as np
import pytest

from bpcore.lessons.kit import judge
from bpcore.lessons.kit.judge import (combine, judge_array, judge_count, judge_function, judge_number,
                                      judge_shape, unwritten)

SLIPS = [(2.0, "doubled")]


@pytest.mark.parametrize("placeholder, shown", [(None, "None"), (..., "...")])
def test_placeholders_are_not_written_yet(placeholder, shown):
    for verdict in (judge_number("x", placeholder, 1.0, [], ""), judge_count("n", placeholder, 3, [], ""),
                    judge_array("v", placeholder, np.ones(2), [], ""), judge_shape("s", placeholder, (2, 1))):
        assert not verdict.written and not verdict.right and "not written yet" in verdict.message
        assert shown in verdict.message
    assert unwritten("x", 1.0, 2.0) is None


def test_number_tiers():
    right = 0.1373928
    assert judge_number("x", right * (1 + 0.9 * judge.RIGHT), right, [], "ok").right
    assert judge_number("x", round(right, 4), right, [], "ok").right        # 4 significant digits
    rounded = judge_number("x", round(right, 2), right, [], "ok")          # 2 decimals: 0.14
    assert rounded.close and not rounded.right and "rounded to 2 decimals" in rounded.message
    slip = judge_number("x", 2 * right, right, [(2 * right, "doubled")], "ok")
    assert not slip.close and slip.message == f"not yet: {judge.shown(2 * right)} is doubled"
    assert "sign is flipped" in judge_number("x", -right, right, [], "ok").message
    assert "none of the slips" in judge_number("x", 7.0, right, SLIPS, "ok").message
    assert "one number" in judge_number("x", [1.0, 2.0], 1.0, [], "ok").message
    assert "one number" in judge_number("x", "one", 1.0, [], "ok").message
    assert "one number" in judge_number("x", True, 1.0, [], "ok").message


def test_a_rounded_right_value_that_is_also_a_slip_gets_both_names():
    right = 0.99 * 0.01
    verdict = judge_number("σ′", 0.01, right, [(0.01, "1 − σ(z)")], "ok")
    assert verdict.close and "right value rounded to 2 decimals" in verdict.message
    assert "also 1 − σ(z)" in verdict.message
    assert abs(round(right, 2) - 0.01) < 1e-15 and abs(1 - 0.99 - 0.01) < 1e-15   # both claims hold


def test_two_slips_with_one_value_are_both_named():
    verdict = judge_number("x", 3.0, 1.0, [(3.0, "tripled"), (3.0 + 1e-9, "plus two")], "ok")
    assert "tripled" in verdict.message and "plus two" in verdict.message


def test_near_a_slip_is_named_as_near():
    verdict = judge_number("x", 2.04, 1.0, SLIPS, "ok")
    assert "within 5% of 2, which is doubled" in verdict.message and abs(2.04 / 2 - 1) < judge.CLOSE


def test_counts_are_exact():
    assert judge_count("n", 4000, 4000, [], "ok").right
    for off in (3999, 4001):
        verdict = judge_count("n", off, 4000, [], "ok")
        assert not verdict.right and verdict.close and "off by 1" in verdict.message
    assert "whole number" in judge_count("n", 4000.5, 4000, [], "ok").message
    assert "none of the slips" in judge_count("n", 10, 4000, [], "ok").message


def test_array_tiers():
    right = np.array([[0.2932, -0.0541], [0.0033, 0.5523]])
    assert judge_array("w", right, right, [], "ok").right
    rounded = judge_array("w", np.round(right, 2), right, [], "ok")
    assert rounded.close and "rounded to 2 decimals" in rounded.message
    assert "sign is flipped" in judge_array("w", -right, right, [], "ok").message
    assert "one number" in judge_array("w", 1.0, right, [], "ok").message
    assert "arrange them as (2, 2)" in judge_array("w", right.ravel(), right, [], "ok").message
    flat = np.array([1.0, 2.0, 3.0])
    assert judge_array("v", flat[:, None], flat, [], "ok", flat=True).right
    wide = np.arange(6.0).reshape(2, 3) + 1
    assert "the transpose, shape (3, 2)" in judge_array("w", wide.T, wide, [], "ok").message


def test_shapes():
    assert judge_shape("w", (2, 4), (2, 4)).right
    assert "transposed" in judge_shape("w", (4, 2), (2, 4)).message
    assert judge_shape("b", (3,), (3, 1)).close
    assert "tuple of integers" in judge_shape("w", "2x4", (2, 4)).message


def test_functions():
    args = (np.arange(6.0).reshape(2, 3),)
    right = args[0] * 2

    def stub(x):
        return None

    def raises(x):
        raise NotImplementedError

    assert not judge_function("f", stub, args, right, [], "ok").written
    assert not judge_function("f", raises, args, right, [], "ok").written
    assert judge_function("f", lambda x: x + x, args, right, [], "ok").right
    assert "3 times the right array" in judge_function("f", lambda x: 6 * x, args, right, [], "ok").message
    assert "sign is flipped" in judge_function("f", lambda x: -2 * x, args, right, [], "ok").message
    assert "shapes" in judge_function("f", lambda x: x @ x, args, right, [], "ok", {"error": "shapes"}).message
    assert not args[0][0, 0] and args[0][1, 2] == 5.0                  # the caller's arrays are untouched


def test_combine():
    right, wrong = judge_number("a", 1.0, 1.0, [], "ok"), judge_number("b", 2.0, 1.0, SLIPS, "ok")
    assert combine("both", [right, right], "fine").right
    both = combine("both", [right, wrong], "fine")
    assert not both.right and "doubled" in both.message
    assert not combine("both", [judge_number("a", None, 1.0, [], "")] * 2, "").written


def test_a_slip_with_the_sign_flipped_or_transposed_is_named_as_two_slips():
    verdict = judge_number("x", -2.0, 1.0, SLIPS, "ok")
    assert "slips on top of one another: the sign is flipped" in verdict.message and "doubled" in verdict.message
    wide = np.arange(6.0).reshape(2, 3) + 1
    verdict = judge_array("w", 2 * wide.T, wide, [(2 * wide, "doubled")], "ok")
    assert "it is transposed, and with that undone it is doubled" in verdict.message
