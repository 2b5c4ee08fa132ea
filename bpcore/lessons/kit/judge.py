"""How a self-check reads a student's answer and what it says back.

A check compares the student's number (or array) with the right one and, when it is wrong,
with the numbers the natural slips give (a swapped factor, a transposed matrix, a sum where a
mean belongs, a missing σ′ ...), so the message can name the slip instead of just "wrong".
"""
from typing import NamedTuple

import numpy as np

# a number counts as "the same" when it agrees to about 3 significant digits: enough to tell
# the slips apart, loose enough for a value typed with 4 decimals such as 0.5523
RELATIVE = 1e-3


class Verdict(NamedTuple):
    """The outcome of one check: `right` is True or False, `written` False while the stub is
    unfinished; `message` says what was found and, if wrong, why."""
    name: str
    written: bool
    right: bool
    message: str

    def __str__(self):
        return f"{self.name}: {self.message}"

    __repr__ = __str__


def number(value):
    """A student's answer as a float, or None when it is not one finite number."""
    try:
        v = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return float(v.item()) if v.size == 1 and np.isfinite(v).all() else None


def same(value, target, relative=RELATIVE):
    """|value − target| within `relative` of |target| (exactly equal when the target is 0)."""
    return abs(value - target) <= relative * abs(target) + 1e-15


def same_array(value, target):
    """Equal shapes and entries within RELATIVE of the largest entry of `target`."""
    value, target = np.asarray(value, dtype=float), np.asarray(target, dtype=float)
    scale = float(np.max(np.abs(target))) if target.size else 0.0
    return value.shape == target.shape and bool(np.all(np.abs(value - target) <= RELATIVE * scale + 1e-15))


def unwritten(name, *answers):
    """The Verdict for a cell still holding its `None` placeholders, else None."""
    if any(a is None for a in answers):
        return Verdict(name, False, False, "not written yet (replace each None with your answer)")
    return None


def shown(value):
    """A number as a message prints it: a count with thousands separators, else 4 digits."""
    return f"{value:,.0f}" if float(value).is_integer() and abs(value) >= 1000 else f"{value:.4g}"


def judge_number(name, answer, right, slips, explain, close_hint="compute it from the arrays "
                 "instead of typing rounded numbers", relative=RELATIVE):
    """The Verdict for one number: `right` is the right value; `slips` a list of (value, why)
    for the natural mistakes; `explain(value)` the message for a right answer; `relative` the
    tolerance (0 for a count, which must be exact)."""
    if (missing := unwritten(name, answer)) is not None:
        return missing
    value = number(answer)
    if value is None:
        return Verdict(name, True, False, f"wrong: the answer should be one number, got {answer!r}")
    if same(value, right, relative):
        return Verdict(name, True, True, "right: " + explain(value))
    for slip, why in slips:
        if same(value, slip, relative):
            return Verdict(name, True, False, f"not yet: {shown(value)} is {why}")
    if same(value, right, 0.05):
        return Verdict(name, True, False, f"close, not yet: {close_hint}")
    return Verdict(name, True, False, f"not yet: {shown(value)} is none of the slips this check knows; "
                                      f"go back to the equation above and write it term by term")


def judge_array(name, answer, right, slips, explain, otherwise):
    """The Verdict for an array: like `judge_number`, with `slips` a list of (array, why) and
    `otherwise(array)` the message when the answer is neither right nor a known slip."""
    if (missing := unwritten(name, answer)) is not None:
        return missing
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return Verdict(name, True, False, "wrong: the answer should be an array of numbers")
    if same_array(value, right):
        return Verdict(name, True, True, "right: " + explain)
    for slip, why in slips:
        if same_array(value, slip):
            return Verdict(name, True, False, "not yet: " + why)
    return Verdict(name, True, False, "not yet: " + otherwise(value))


def check_number(name, answer, expected, slips=(), rel=2e-3, abs_tol=5e-5):
    """Compare the number `answer` with `expected` (relative tolerance `rel`, or `abs_tol`: a
    number typed with 4 decimals passes). `slips` is a list of (value, why): a wrong answer
    close to one of them is named by its `why`."""
    if answer is None:
        return Verdict(name, False, False, "not written yet (the answer is None)")
    try:
        value = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        value = np.array([np.nan])
    if value.size != 1 or not np.isfinite(value).all():
        return Verdict(name, True, False, f"wrong: the answer should be one number, got {answer!r}")
    value = float(value.item())

    def near(target):
        return abs(value - target) <= max(rel * abs(target), abs_tol)

    if near(expected):
        return Verdict(name, True, True, f"right: {value:.4g} (exactly {expected:.6g})")
    for target, why in slips:
        if near(target):
            return Verdict(name, True, False, f"wrong: {value:.4g} -- {why}")
    return Verdict(name, True, False, f"wrong: {value:.4g} is not it, nor a usual slip; look at the formula again")


def check_shape(name, answer, expected, slips=()):
    """Compare a predicted shape (a tuple of ints) with `expected`; `slips` as in check_number,
    with shapes; the transposed shape is always recognised."""
    if answer is None:
        return Verdict(name, False, False, "not written yet (the answer is None)")
    try:
        shape = tuple(int(n) for n in answer)
    except (TypeError, ValueError):
        return Verdict(name, True, False, f"wrong: a shape is a tuple of integers such as (3, 2), got {answer!r}")
    if shape == tuple(expected):
        return Verdict(name, True, True, f"right: {shape}")
    for target, why in [*slips, (tuple(expected)[::-1], "transposed: rows come first, then columns")]:
        if shape == tuple(target):
            return Verdict(name, True, False, f"wrong: {shape} -- {why}")
    return Verdict(name, True, False, f"wrong: {shape}; the right shape is neither that nor a usual slip")
