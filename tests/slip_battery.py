"""The slip batteries of the self-check tests: each natural wrong answer, computed from the math
it gets wrong, must get a message naming that slip (or, marked None, is allowed to stay unnamed;
at most 1 in 10 of a check's battery)."""

UNKNOWN = "none of the slips"


def assert_named(verdict, phrase, value=None):
    """`verdict` is not right and, if `phrase` is None, unnamed; else contains `phrase` and does
    not call the answer unknown."""
    assert verdict.written and not verdict.right, (value, verdict)
    if phrase is None:
        assert UNKNOWN in verdict.message, (value, verdict)
    else:
        assert phrase in verdict.message and UNKNOWN not in verdict.message, (value, phrase, verdict)


def unnamed_share(battery):
    """The share of a battery's cases allowed to stay unnamed."""
    return sum(phrase is None for *_, phrase in battery) / len(battery)
