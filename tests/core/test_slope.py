"""bpcore.gradcheck.slope: central differences of a function of one number (the form the lessons
use when they nudge a weighted input z rather than a parameter)."""
import math

import numpy as np
import pytest

from bpcore.gradcheck import EPS, central_difference, slope


def test_slope_is_the_central_difference_at_the_number():
    # exact for a quadratic whatever ε: (f(v + ε) − f(v − ε)) / 2ε = 2v + 3 for f = v² + 3v
    assert slope(lambda v: v * v + 3 * v, 1.5, 0.25) == pytest.approx(6.0, rel=1e-14)
    assert slope(math.sin, 0.0) == pytest.approx(1.0, abs=1e-10)
    assert slope(math.exp, 1.0) == pytest.approx(math.e, rel=1e-9)    # error ∝ ε² = 1e-10


def test_slope_and_central_difference_give_the_same_number():
    p = np.array([0.7])
    assert slope(math.tanh, 0.7) == central_difference(lambda: math.tanh(p[0]), p, 0, EPS)


def test_slope_calls_f_with_plain_floats_either_side():
    seen = []
    slope(lambda v: seen.append(v) or 0.0, 2, 0.5)
    assert seen == [2.5, 1.5] and all(type(v) is float for v in seen)


@pytest.mark.parametrize("v", [None, "1", [1.0], float("nan"), float("inf"), True])
def test_slope_refuses_a_point_that_is_not_a_number(v):
    with pytest.raises(TypeError, match="v must be a finite real number"):
        slope(math.sin, v)


def test_slope_refuses_what_is_not_a_function_and_a_bad_eps():
    with pytest.raises(TypeError, match="f must be a function of one number"):
        slope(0.0, 1.0)
    with pytest.raises(ValueError, match="eps must be a positive"):
        slope(math.sin, 1.0, eps=0.0)
