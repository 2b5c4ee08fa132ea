"""σ and σ′ against math.exp-based references: values, shapes, dtypes, saturation."""
import math

import numpy as np
import pytest

from bpcore import sigmoid, sigmoid_prime, sigmoid_prime_from_activation
from reference import sigmoid_prime_ref, sigmoid_ref

pytestmark = pytest.mark.filterwarnings("error")   # an overflow warning is a failure


Z_GRID = [-30.0, -7.5, -2.0, -1.0, -0.25, 0.0, 0.1, 0.5, 1.0, 3.0, 10.0, 25.0]


# ------------------------------------------------------------------ values

def test_sigmoid_known_values():
    assert sigmoid(0.0) == 0.5
    # σ(1) = 1/(1 + 1/e) = e/(e + 1) = 0.7310585786300049
    assert sigmoid(1.0) == pytest.approx(math.e / (math.e + 1), rel=1e-15)
    assert sigmoid(-1.0) == pytest.approx(1 / (math.e + 1), rel=1e-15)
    # σ(ln 3) = 1/(1 + 1/3) = 3/4
    assert sigmoid(math.log(3.0)) == pytest.approx(0.75, rel=1e-15)


@pytest.mark.parametrize("z", Z_GRID)
def test_sigmoid_matches_reference(z):
    assert sigmoid(z) == pytest.approx(sigmoid_ref(z), rel=1e-15, abs=0)


@pytest.mark.parametrize("z", Z_GRID)
def test_sigmoid_prime_matches_reference(z):
    # 1 − σ(z) loses relative accuracy for large positive z; absolute accuracy is what matters
    assert sigmoid_prime(z) == pytest.approx(sigmoid_prime_ref(z), rel=1e-12, abs=1e-16)


def test_sigmoid_prime_known_values():
    assert sigmoid_prime(0.0) == 0.25
    # σ(ln 3) = 3/4, so σ′ = 3/4 · 1/4 = 3/16
    assert sigmoid_prime(math.log(3.0)) == pytest.approx(3 / 16, rel=1e-14)


def test_sigmoid_prime_is_sigma_times_one_minus_sigma():
    z = np.random.default_rng(1).normal(0, 5, size=1000)
    s = np.array([sigmoid_ref(v) for v in z])
    np.testing.assert_allclose(sigmoid_prime(z), s * (1 - s), rtol=1e-12, atol=1e-17)
    np.testing.assert_array_equal(sigmoid_prime_from_activation(sigmoid(z)), sigmoid_prime(z))


def test_sigmoid_prime_from_activation_hand_values():
    # a(1 − a): 0.5·0.5 = 0.25, 0.2·0.8 = 0.16, 1·0 = 0, 0·1 = 0
    a = np.array([0.5, 0.2, 1.0, 0.0])
    np.testing.assert_allclose(sigmoid_prime_from_activation(a), [0.25, 0.16, 0.0, 0.0], rtol=1e-15)


def test_symmetry():
    z = np.linspace(-40, 40, 801)
    # 1 − σ(z) is exact only to a few ulps of 1 (2.2e-16 each)
    np.testing.assert_allclose(sigmoid(-z), 1 - sigmoid(z), rtol=0, atol=4.5e-16)
    # σ′(z) = σ(1 − σ) for z > 0 carries the same absolute error of about one ulp of 1
    np.testing.assert_allclose(sigmoid_prime(-z), sigmoid_prime(z), rtol=0, atol=2.5e-16)


def test_sigmoid_prime_at_most_a_quarter_with_max_at_zero():
    z = np.linspace(-20, 20, 40001)          # contains 0 exactly (step 0.001)
    sp = sigmoid_prime(z)
    assert np.all(sp <= 0.25)
    assert z[np.argmax(sp)] == 0.0
    assert sp.max() == 0.25
    # strictly increasing left of 0, strictly decreasing right of it (where it is not 0)
    left, right = sp[z < 0], sp[z > 0]
    assert np.all(np.diff(left) > 0) and np.all(np.diff(right) < 0)


def test_sigmoid_is_increasing_and_in_unit_interval():
    z = np.linspace(-30, 30, 6001)
    s = sigmoid(z)
    assert np.all((s > 0) & (s < 1))
    assert np.all(np.diff(s) > 0)


# ------------------------------------------------------------------ shapes and dtypes

def test_scalar_in_scalar_out():
    for f in (sigmoid, sigmoid_prime):
        r = f(0.5)
        assert np.ndim(r) == 0
        assert float(r) == pytest.approx(sigmoid_ref(0.5) if f is sigmoid else sigmoid_prime_ref(0.5))


@pytest.mark.parametrize("shape", [(7,), (2, 3), (2, 3, 4), (1, 1, 1, 5)])
def test_any_shape_elementwise(shape):
    z = np.random.default_rng(len(shape)).normal(0, 4, size=shape)
    s, sp = sigmoid(z), sigmoid_prime(z)
    assert s.shape == sp.shape == shape
    ref_s = np.vectorize(sigmoid_ref)(z)
    ref_sp = np.vectorize(sigmoid_prime_ref)(z)
    np.testing.assert_allclose(s, ref_s, rtol=1e-15)
    np.testing.assert_allclose(sp, ref_sp, rtol=1e-12, atol=1e-16)


def test_list_input():
    np.testing.assert_allclose(sigmoid([0.0, 1.0]), [0.5, sigmoid_ref(1.0)], rtol=1e-15)


def test_input_not_modified():
    z = np.array([-3.0, 0.0, 2.0])
    before = z.copy()
    sigmoid(z), sigmoid_prime(z)
    np.testing.assert_array_equal(z, before)


def test_float32_preserved():
    z32 = np.array([-5.0, 0.0, 5.0], dtype=np.float32)
    s, sp = sigmoid(z32), sigmoid_prime(z32)
    assert s.dtype == np.float32 and sp.dtype == np.float32
    np.testing.assert_allclose(s, [sigmoid_ref(v) for v in (-5.0, 0.0, 5.0)], rtol=1e-6)
    np.testing.assert_allclose(sp, [sigmoid_prime_ref(v) for v in (-5.0, 0.0, 5.0)], rtol=1e-5)
    assert sigmoid(np.float32(2.0)).dtype == np.float32
    assert sigmoid_prime(np.float32(2.0)).dtype == np.float32
    assert sigmoid_prime_from_activation(np.float32(0.3)).dtype == np.float32


def test_float64_preserved():
    assert sigmoid(np.array([1.0])).dtype == np.float64
    assert sigmoid_prime(np.array([1.0])).dtype == np.float64


@pytest.mark.parametrize("z", [3, np.int64(3), np.array([1, 2, -3]), np.array([1, 2, -3], dtype=np.int32)])
def test_ints_promoted_to_float64(z):
    s, sp = np.asarray(sigmoid(z)), np.asarray(sigmoid_prime(z))
    assert s.dtype == sp.dtype == np.float64
    zf = np.asarray(z, dtype=float)
    np.testing.assert_allclose(s, np.vectorize(sigmoid_ref)(zf), rtol=1e-15)
    np.testing.assert_allclose(sp, np.vectorize(sigmoid_prime_ref)(zf), rtol=1e-13)


def test_small_integer_dtypes_give_correct_values():
    for dtype, values in [(np.uint8, [0, 1, 2, 200]), (np.int8, [-128, -3, 0, 5]),
                          (np.uint16, [1, 7]), (np.int16, [-7, 7])]:
        z = np.array(values, dtype=dtype)
        np.testing.assert_allclose(sigmoid(z), [sigmoid_ref(float(v)) for v in values], rtol=1e-6, atol=0,
                                   err_msg=str(dtype))


def test_small_integer_dtypes_promoted_to_float64():
    for dtype in (np.int8, np.uint8, np.int16, np.uint16):
        assert sigmoid(np.array([5], dtype=dtype)).dtype == np.float64, dtype


# ------------------------------------------------------------------ saturation and accuracy

def test_stable_and_exact_at_plus_minus_1000():
    # filterwarnings("error") above turns any overflow RuntimeWarning into a failure
    z = np.array([-1000.0, 1000.0])
    np.testing.assert_array_equal(sigmoid(z), [0.0, 1.0])
    np.testing.assert_array_equal(sigmoid_prime(z), [0.0, 0.0])
    assert sigmoid(-1000.0) == 0.0 and sigmoid(1000.0) == 1.0
    assert sigmoid_prime(-1000.0) == 0.0 and sigmoid_prime(1000.0) == 0.0


def test_stable_float32_saturation():
    z = np.array([-1000.0, -100.0, 100.0, 1000.0], dtype=np.float32)
    np.testing.assert_array_equal(sigmoid(z), np.array([0, 0, 1, 1], np.float32))
    np.testing.assert_array_equal(sigmoid_prime(z), np.zeros(4, np.float32))


def test_exact_limits():
    # e^{-37} ≈ 8.5e-17 is below half an ulp of 1 (1.1e-16), so σ(z) rounds to exactly 1 from z ≈ 37
    big = np.array([37.0, 50.0, 700.0, 1e5, 1e300, np.inf])
    np.testing.assert_array_equal(sigmoid(big), np.ones_like(big))
    np.testing.assert_array_equal(sigmoid(-np.array([800.0, 1e5, 1e300, np.inf])), np.zeros(4))
    np.testing.assert_array_equal(sigmoid_prime(np.array([-np.inf, np.inf])), [0.0, 0.0])
    assert np.isnan(sigmoid(np.nan))


@pytest.mark.parametrize("z", [-1.0, -5.0, -20.0, -36.7, -50.0, -100.0, -300.0, -500.0, -700.0, -709.0])
def test_relative_accuracy_for_very_negative_z(z):
    # σ(z) ≈ e^z here, far below 1: an absolute tolerance would hide a wrong answer
    assert sigmoid(z) == pytest.approx(sigmoid_ref(z), rel=1e-15, abs=0)
    assert sigmoid_prime(z) == pytest.approx(math.exp(z) / (1 + math.exp(z)) ** 2, rel=1e-15, abs=0)


def test_subnormal_range_flushes_to_zero_as_documented():
    # below z = -709.78, e^{-z} overflows and σ(z) (a subnormal < 1e-308) is returned as 0
    for z in (-710.0, -720.0, -740.0):
        assert 0 < math.exp(z) < 1e-308
        assert sigmoid(z) == 0.0
