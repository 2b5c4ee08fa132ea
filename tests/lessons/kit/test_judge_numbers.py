"""The judge's number and shape checks: right, a named slip, unknown, unwritten."""
from bpcore.lessons.kit.judge import check_number, check_shape


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
