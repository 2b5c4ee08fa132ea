"""The one judge of every self-check: numbers, counts, arrays, shapes, masks and student-written
functions; one tolerance per kind; four verdicts in one tone: "right: ...", "close: ..." (the
right value rounded, a count off by a little, the right entries arranged otherwise), "not yet:
..." (a slip named, or "none of the slips this check knows" and a hint) and "not written yet"
(the placeholder None; notebook 05's `...` counts as None).

A check passes `slips`, a list of (value, why): the value a natural slip gives, computed from
the math, and a phrase completing "<answer> is <why>". Every slip matching the answer is named
(two slips can give one number), and an answer that is also the right value rounded is called
close with the slip named beside it: a message never claims one cause of two.
"""
import functools
from typing import NamedTuple

import numpy as np

# One tolerance per kind of answer, and why.
# A number or an array: right within 1 part in 1,000 of the right value (of its largest |entry|
# for an array, so entries near 0 need no more digits than the rest): a rounding to 4
# significant digits, the slides' finest (−0.1054), is within 5e-4; every slip named differs more.
RIGHT = 1e-3
# ... close within 5 %, or when it is the right value rounded to some decimals: rounding to 2
# significant digits (the slides' coarsest, 0.0033) moves a number by up to 5 %.
CLOSE = 5e-2
# A student's function: the same float64 arithmetic in another order agrees to rounding error;
# within RIGHT (float32, a constant typed with 3-4 digits) it is close.
FUNCTION = 1e-7
# A count (updates, passes, a layer) is exact: 3,999 and 4,001 are not 4,000. Within 1 % it is
# close (off by a few), still to be corrected. A shape is exact as well.
COUNT_CLOSE = 1e-2
TINY = 1e-12            # far below any number the lessons print: float noise around 0

PLACEHOLDERS = (None, Ellipsis)
UNKNOWN = "none of the slips this check knows"


class Verdict(NamedTuple):
    """One check's outcome: `written` False while the placeholder is there, `right` True only
    for the answer, `close` True for a right value rounded (or nearly right); `message` says it."""
    name: str
    written: bool
    right: bool
    message: str
    close: bool = False

    def __str__(self):
        return f"{self.name}: {self.message}"

    __repr__ = __str__


def unwritten(name, *answers):
    """The Verdict for an answer still holding its placeholder, else None."""
    held = [p for p in PLACEHOLDERS if any(a is p for a in answers)]
    if held:
        return Verdict(name, False, False, "not written yet (replace each "
                                           f"{'...' if held[0] is Ellipsis else 'None'} with your answer)")
    return None


def _answered(judge):
    """`judge`, run only once its answer holds no placeholder ("not written yet" before that)."""
    @functools.wraps(judge)
    def checked(name, answer, *args, **kwargs):
        return unwritten(name, answer) or judge(name, answer, *args, **kwargs)
    return checked


def _right(name, explain, value=None):
    return Verdict(name, True, True, "right: " + (explain(value) if callable(explain) else explain))


def as_array(answer):
    """The answer as a float array, or None when it is not all finite numbers."""
    if isinstance(answer, (str, bytes)):
        return None
    try:
        r = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None
    return r if np.all(np.isfinite(r)) else None


def number(value):
    """A student's answer as a float, or None when it is not one finite number (a bool is not)."""
    v = None if isinstance(value, (bool, np.bool_)) else as_array(value)
    return float(v.item()) if v is not None and v.size == 1 else None


def shown(value):
    """A number as a message prints it: a count with thousands separators, else 4 digits."""
    return f"{value:,.0f}" if float(value).is_integer() and abs(value) >= 1000 else f"{value:.4g}"


def _near(value, target, tol):
    """Equal shapes and every entry within `tol` of the largest |entry| of `target`."""
    value, target = np.asarray(value, dtype=float), np.asarray(target, dtype=float)
    if value.shape != target.shape:
        return False
    scale = float(np.max(np.abs(target))) if target.size else 0.0
    return bool(np.all(np.abs(value - target) <= tol * scale + TINY))


def _rounding(value, right, close_tol):
    """'rounded to d decimals' when `value` is `right` rounded to d ≤ 8 decimals (one d for all
    entries, as a slide prints a vector, else each its own), keeping a nonzero digit (0 is no
    rounding of 0.003, nor zeros of a vector); fewer than 2 decimals (the slides print no fewer)
    only within `close_tol` (79 for 78.96, not 1 for 0.5523); else None."""
    value, right = np.atleast_1d(np.asarray(value, float)), np.atleast_1d(np.asarray(right, float))
    if value.shape != right.shape or (not np.any(value) and np.any(right)):
        return None
    pairs = list(zip(value.ravel(), right.ravel()))

    def fits(d, v, r):
        return abs(v - round(r, d)) <= TINY and (v != 0 or r == 0 or len(pairs) > 1)

    common = [d for d in range(9) if all(fits(d, v, r) for v, r in pairs)]
    places = common[:1] or [next((d for d in range(9) if fits(d, v, r)), None) for v, r in pairs]
    if None in places or (min(places) < 2 and not _near(value, right, close_tol)):
        return None
    low, high = min(places), max(places)
    return f"rounded to {low} decimal{'s' * (high != 1)}" if low == high else f"rounded to {low}-{high} decimals"


def _says(whys):
    return ". It is also ".join(whys)


def _judge(name, value, right, slips, explain, otherwise, tol, close_tol, show, generic=(), undo=()):
    """The tiers, in order: right; a named slip (and the rounding too when the answer is also the
    right value rounded); close; within close_tol of one slip; a generic slip (the sign, the
    transpose) or a named slip with its sign flipped, transposed or `undo`'s [(f, what)] slip on
    top (f(slip) is the answer: "what, and with that undone it is why"); unknown.
    `show(value)` is the number as printed, or None for an array (its message prints no value)."""
    s = show(value)
    subject = f"{s} is " if s is not None else ""
    if _near(value, right, tol):
        return _right(name, explain, value)
    named = list(dict.fromkeys(why for slip, why in slips if _near(value, slip, tol)))
    rounding = _rounding(value, right, close_tol)
    rounded = f"{subject}the right value {rounding}" if s is not None else \
        f"the entries are the right values {rounding}"
    if named and rounding:
        return Verdict(name, True, False, f"close: {rounded}; keep every digit. "
                                          f"{subject.replace(' is ', ' is also ') or 'It is also '}{_says(named)}",
                       close=True)
    if named:
        return Verdict(name, True, False, f"not yet: {subject}{_says(named)}")
    within = f"{subject or 'the entries are '}within {100 * close_tol:g}% of"
    if rounding or _near(value, right, close_tol):
        return Verdict(name, True, False, f"close: {rounded if rounding else within + ' the right value'}; keep "
                                          f"every digit (compute it from the arrays, not from rounded numbers)",
                       close=True)
    near = [(slip, why) for slip, why in slips if _near(value, slip, close_tol) and not _near(slip, right, close_tol)]
    if len(near) == 1:
        return Verdict(name, True, False, f"not yet: {within} {show(near[0][0]) or 'what a slip gives'}, "
                                          f"which is {near[0][1]}")
    undo = [(lambda t: -t, "the sign is flipped"), *undo]
    if np.ndim(value) == 2 and value.shape[0] != value.shape[1] and 1 not in value.shape:
        undo += [(lambda t: t.T, "it is transposed"), (lambda t: -t.T, "it is transposed and its sign flipped")]
    paired = [(f(slip), f"slips on top of one another: {what}, and with that undone it is {why}")
              for f, what in undo for slip, why in slips]
    named = [why for target, why in [*generic, *paired] if _near(value, target, tol)]
    if named:
        return Verdict(name, True, False, f"not yet: {subject}{named[0]}")
    return Verdict(name, True, False, f"not yet: {subject or 'the answer is '}{UNKNOWN}; {otherwise}")


def _given(slips):
    """The slips a check can give here: (value as an array, why), without those it leaves out."""
    return [(np.asarray(slip, float), why) for slip, why in slips if slip is not None and why]


def _flipped(right):
    right = np.asarray(right, float)
    generic = [(-right, "−1 times the right value: the sign is flipped")]
    if right.ndim == 2 and right.shape[0] != right.shape[1] and 1 not in right.shape:
        generic += [(right.T, f"the transpose, shape {right.T.shape}: the answer has shape {right.shape}"),
                    (-right.T, "the transpose with the sign flipped")]
    return generic


@_answered
def judge_number(name, answer, right, slips, explain, otherwise="go back to the equation and write it term by "
                 "term", also_right=()):
    """One number: right within RIGHT, close within CLOSE (or rounded); `slips` [(value, why)];
    `explain(value)` or a text for a right answer; `otherwise` the hint for an unknown answer;
    `also_right` [(value, text)]: a second right answer (a refined formula), right within RIGHT."""
    value = number(answer)
    if value is None:
        return Verdict(name, True, False, f"not yet: the answer should be one number, got {answer!r}")
    for other, text in also_right:
        if _near(value, other, RIGHT):
            return _right(name, text)
    return _judge(name, value, right, _given(slips), explain, otherwise, RIGHT, CLOSE, shown, _flipped(right))


@_answered
def judge_count(name, answer, right, slips, explain, otherwise="count again from the definition"):
    """A count: exact; within COUNT_CLOSE it is close (off by a few), still not right."""
    value = number(answer)
    if value is None or not value.is_integer():
        return Verdict(name, True, False, f"not yet: a count is one whole number, got {answer!r}")
    if value == right:
        return _right(name, explain, value)
    whys = list(dict.fromkeys(why for slip, why in slips if value == slip))
    if whys:
        return Verdict(name, True, False, f"not yet: {shown(value)} is {_says(whys)}")
    if abs(value - right) <= COUNT_CLOSE * abs(right):
        return Verdict(name, True, False, f"close: {shown(value)} is off by {shown(abs(value - right))}; a count "
                                          f"is exact: {otherwise}", close=True)
    return Verdict(name, True, False, f"not yet: {shown(value)} is {UNKNOWN}; {otherwise}")


@_answered
def judge_array(name, answer, right, slips, explain, otherwise="compare it entry by entry with the equation",
                flat=False, tol=RIGHT, close_tol=CLOSE, generic=(), undo=()):
    """An array, compared within `tol` (close: `close_tol`) of its largest entry. `flat=True`: a
    column or a row counts as the vector it holds. The right entries in another shape are close;
    a shape no slip has is named. `generic` [(value, why)]: named only when no slip is; `undo` as
    in `_judge` (e.g. a sum where a mean belongs, on top of any slip)."""
    value, right, slips = as_array(answer), np.asarray(right, dtype=float), _given(slips)
    if value is None:
        return Verdict(name, True, False, "not yet: the answer should be numbers (a list or a numpy array), "
                                          "all finite")
    if flat and right.ndim == 1 and value.ndim == 2 and 1 in value.shape:
        value = value.ravel()
    if value.shape != right.shape and value.size == right.size and _near(value.reshape(right.shape), right, tol) \
            and not any(_near(value, slip, tol) for slip, _ in slips):
        return Verdict(name, True, False, f"close: the entries are right but the shape is {value.shape}; "
                                          f"arrange them as {right.shape}", close=True)
    if value.shape in [right.shape, right.T.shape] + [slip.shape for slip, _ in slips]:
        return _judge(name, value, right, slips, explain, otherwise, tol, close_tol,
                      lambda v: shown(float(v.item())) if v.size == 1 else None, [*_flipped(right), *generic], undo)
    if value.size == 1:
        return Verdict(name, True, False, f"not yet: one number; the answer is an array of shape {right.shape}")
    return Verdict(name, True, False, f"not yet: shape {value.shape}, expected {right.shape}; {otherwise}")


@_answered
def judge_shape(name, answer, right, slips=()):
    """A predicted shape (a tuple of ints), exact; the transpose is always named; the right sizes
    with a dimension 1 added or dropped ((3,) for (3, 1)) are close."""
    try:
        shape = tuple(int(n) for n in answer)
    except (TypeError, ValueError):
        return Verdict(name, True, False, f"not yet: a shape is a tuple of integers such as (3, 2), got {answer!r}")
    right = tuple(right)
    if shape == right:
        return Verdict(name, True, True, f"right: {shape}")
    whys = [why for target, why in slips if shape == tuple(target)]
    whys += ["transposed: rows come first, then columns"] if shape == right[::-1] else []
    if whys:
        return Verdict(name, True, False, f"not yet: {shape} is {_says(whys)}")
    if [n for n in shape if n != 1] == [n for n in right if n != 1]:
        return Verdict(name, True, False, f"close: {shape} has the right sizes; the shape is {right}", close=True)
    return Verdict(name, True, False, f"not yet: {shape} is {UNKNOWN}; rows are the neurons of the layer, "
                                      f"columns what they multiply")


@_answered
def judge_mask(name, answer, right, slips, explain, otherwise, item="item"):
    """A True/False choice per `item` (pixel, neuron): exact; the same items in another shape
    (28 × 28 for 784 pixels, row by row) count as the flat mask. Within COUNT_CLOSE of the
    items wrong it is close; `otherwise(extra, missing)` says what is off."""
    given, right = np.asarray(answer), np.asarray(right, bool)
    if given.size != right.size:
        return Verdict(name, True, False, f"not yet: {given.size} values of shape {given.shape}, expected one per "
                                          f"{item}, {right.size}")
    given = given.reshape(right.shape).astype(bool)
    if np.array_equal(given, right):
        return _right(name, explain)
    whys = [why for wrong, why in slips if np.array_equal(given, np.asarray(wrong, bool))]
    if whys:
        return Verdict(name, True, False, f"not yet: {_says(whys)}")
    extra, lost = int(np.sum(given & ~right)), int(np.sum(right & ~given))
    close = extra + lost <= COUNT_CLOSE * right.size
    return Verdict(name, True, False, f"{'close' if close else 'not yet'}: {otherwise(extra, lost)}", close)


def judge_function(name, func, args, right, slips, explain, hints=None, undo=()):
    """A student's function run on copies of `args`, its result judged as an array at FUNCTION
    (close at RIGHT); a constant factor and all zeros are named too. Returning None or raising
    NotImplementedError is "not written yet"; `hints["error"]` explains a ValueError (shapes
    that do not chain); `undo` as in `judge_array`."""
    try:
        result = func(*[np.array(a, copy=True) for a in args])
    except NotImplementedError:
        return Verdict(name, False, False, "not written yet (it raises NotImplementedError)")
    except Exception as exc:  # the student's code may raise anything
        hint = (hints or {}).get("error") if isinstance(exc, ValueError) else None
        return Verdict(name, True, False, f"not yet: it raised {type(exc).__name__}; {hint or exc}")
    if result is None:
        return Verdict(name, False, False, "not written yet (it returns None)")
    value, right = as_array(result), np.asarray(right, float)
    extra = [(np.zeros_like(right), "all zeros")]
    if value is not None and value.shape == right.shape and np.any(right):
        c = float(np.sum(value * right) / np.sum(right * right))
        if abs(c) > TINY and abs(abs(c) - 1) > RIGHT:
            extra.append((c * right, f"{c:.4g} times the right array: a constant factor is off"))
    return judge_array(name, result, right, slips, explain, "compare it with the equation term by term",
                       tol=FUNCTION, close_tol=RIGHT, generic=extra, undo=undo)


def combine(name, verdicts, right_message):
    """One Verdict for an answer in parts: right when every part is; else the parts not right."""
    if not any(v.written for v in verdicts):
        return Verdict(name, False, False, "not written yet (replace each None with your answer)")
    if all(v.right for v in verdicts):
        return _right(name, right_message)
    return Verdict(name, True, False, "; ".join(f"{v.name}: {v.message}" for v in verdicts if not v.right),
                   all(v.right or v.close for v in verdicts))
