"""The self-checks of notebook 03 on the worked example: right answers pass (also typed with 4
decimals), each natural slip is named, and a swapped pair of factors is recognised as such.
Reference values are written out in plain Python (tests/reference.py)."""
import math

import numpy as np
import pytest

from bpcore.lessons.backprop_equations import checks as check
from slip_battery import UNKNOWN, assert_named, unnamed_share
from reference import B2, B3, W2, W3, sigmoid_prime_ref, sigmoid_ref


def example_ref():
    z2 = [W2[j][0] + W2[j][1] + B2[j] for j in range(3)]        # x = (1, 1)
    a2 = [sigmoid_ref(v) for v in z2]
    z3 = [sum(W3[j][k] * a2[k] for k in range(3)) + B3[j] for j in range(2)]
    a3 = [sigmoid_ref(v) for v in z3]
    d3 = [(a3[j] - 1.0) * sigmoid_prime_ref(z3[j]) for j in range(2)]
    d2 = [sum(W3[k][j] * d3[k] for k in range(2)) * sigmoid_prime_ref(z2[j]) for j in range(3)]
    return z2, a2, z3, a3, d2, d3


Z2, A2, Z3, A3, D2, D3 = example_ref()


@pytest.mark.parametrize("func, n", [(check.check_nudge, 1), (check.check_output_error, 1),
                                     (check.check_hidden_error, 1), (check.check_saturation, 1),
                                     (check.check_weight_gradient, 2), (check.check_weight_gradient_matrix, 1)])
def test_unwritten(func, n):
    v = func(*[None] * n)
    assert not v.written and not v.right and "not written yet" in v.message


def test_nudge():
    v = check.check_nudge(D3[1] * 0.01)
    assert v.right and "measured" in v.message
    assert "rate times the nudge" in check.check_nudge(D3[1]).message
    assert "δ³_1 × Δz" in check.check_nudge(D3[0] * 0.01).message
    assert not check.check_nudge(-D3[1] * 0.01).right


def test_output_error():
    assert check.check_output_error(D3[0]).right and check.check_output_error(-0.1054).right
    assert "missing σ′" in check.check_output_error(A3[0] - 1).message
    assert "sign flipped" in check.check_output_error(-D3[0]).message
    assert "σ where BP1 has its derivative" in check.check_output_error((A3[0] - 1) * sigmoid_ref(Z3[0])).message
    assert "not z(1 − z)" in check.check_output_error((A3[0] - 1) * Z3[0] * (1 - Z3[0])).message
    assert "none of the slips" in check.check_output_error(0.3).message


def test_hidden_error_and_the_transpose():
    sp = sigmoid_prime_ref(Z2[0])
    assert check.check_hidden_error(D2[0]).right
    assert check.check_hidden_error(np.array(D2)).right                    # all of δ² at once
    row = (W3[0][0] * D3[0] + W3[0][1] * D3[1]) * sp                       # row 1 of w³ instead of column 1
    assert "the transpose" in check.check_hidden_error(row).message
    column = W3[0][0] * D3[0] + W3[1][0] * D3[1]
    assert "missing σ′" in check.check_hidden_error(column).message
    assert "output 1 only" in check.check_hidden_error(W3[0][0] * D3[0] * sp).message
    assert "σ′(z³_1)" in check.check_hidden_error(column * sigmoid_prime_ref(Z3[0])).message
    arriving = [sum(W3[k][j] * D3[k] for k in range(2)) for j in range(3)]
    assert "missing σ′" in check.check_hidden_error(np.array(arriving)).message


def test_saturation():
    right = 0.25 / sigmoid_prime_ref(10)
    assert check.check_saturation(right).right and check.check_saturation(math.exp(10) / 4).right
    assert 5500 < right < 5510
    assert "inverse" in check.check_saturation(1 / right).message
    assert "σ′(0) = 1/4" in check.check_saturation(math.exp(10)).message


def test_weight_gradient_factors_and_swapped_factors():
    v = check.check_weight_gradient(A2[2], D3[0])
    assert v.right and "0.5523 × (-0.1054) = -0.0582" in v.message and "gives -0.0582" in v.message
    assert check.check_weight_gradient(0.5523, -0.1054).right               # typed with 4 decimals
    swapped = check.check_weight_gradient(D3[0], A2[2])
    assert swapped.right and "names are swapped" in swapped.message and "none of" not in swapped.message
    assert "input of w³_12" in check.check_weight_gradient(A2[1], D3[0]).message
    assert "error of the neuron it feeds" in check.check_weight_gradient(A2[2], D2[2]).message
    assert "δ³_2" in check.check_weight_gradient(A2[2], D3[1]).message
    assert "the weight w³_13 itself" in check.check_weight_gradient(W3[0][2], D3[0]).message
    assert "one number" in check.check_weight_gradient("a2[2]", 1.0).message


def test_weight_gradient_matrix():
    d3, a2 = np.array(D3)[:, None], np.array(A2)[:, None]
    assert check.check_weight_gradient_matrix(d3 @ a2.T).right
    assert "the transpose" in check.check_weight_gradient_matrix(a2 @ d3.T).message
    assert "one number" in check.check_weight_gradient_matrix(d3.T @ d3).message
    assert "extra σ′" in check.check_weight_gradient_matrix(
        (d3 * np.array([[sigmoid_prime_ref(z)] for z in Z3])) @ a2.T).message


SP, SIG = sigmoid_prime_ref, sigmoid_ref
Y = (1.0, 1.0)
ARRIVING = [sum(W3[k][j] * D3[k] for k in range(2)) for j in range(3)]


def hidden(factor):
    """BP2's δ² with σ′(z²_j) replaced by factor(j): the vector slips of check_hidden_error."""
    return np.array([ARRIVING[j] * factor(j) for j in range(3)])


BATTERY = [   # (check, its arguments, the phrase the message must contain; None: may stay unnamed)
    (check.check_nudge, (D3[1],), "the rate"), (check.check_nudge, (D3[1] / 0.01,), "δ³_2 / Δz"),
    (check.check_nudge, (-D3[1] * 0.01,), "sign is that of"), (check.check_nudge, (0.01,), "Δz itself"),
    (check.check_nudge, (D2[1] * 0.01,), "δ²_2 × Δz"), (check.check_nudge, (D3[0] * 0.01,), "δ³_1 × Δz"),
    (check.check_nudge, (D2[0] * 0.01,), "δ²_1 × Δz"),
    (check.check_nudge, (D3[1] * 0.01 * SP(Z3[1]),), "extra σ′"),
    (check.check_output_error, (A3[0] - Y[0],), "missing σ′"), (check.check_output_error, (-D3[0],), "sign flipped"),
    (check.check_output_error, ((A3[0] - Y[0]) * SIG(Z3[0]),), "σ where BP1 has its derivative"),
    (check.check_output_error, ((A3[0] - Y[0]) * Z3[0] * (1 - Z3[0]),), "not z(1 − z)"),
    (check.check_output_error, ((A3[0] - Y[0]) * SP(A3[0]),), "taken at the activation"),
    (check.check_output_error, (D3[0] * SP(Z3[0]),), "extra σ′"),
    (check.check_output_error, (SP(Z3[0]),), "σ′(z³_1) alone"), (check.check_output_error, (D3[1],), "index 0"),
    (check.check_hidden_error, (ARRIVING[0],), "missing σ′"),
    (check.check_hidden_error, (ARRIVING[0] * SIG(Z2[0]),), "σ where BP2 has its derivative"),
    (check.check_hidden_error, (ARRIVING[0] * SP(A2[0]),), "taken at the activation"),
    (check.check_hidden_error, (-D2[0],), "sign flipped"), (check.check_hidden_error, (D2[0] * SP(Z2[0]),), "extra σ′"),
    (check.check_hidden_error, ((W3[0][0] * D3[0] + W3[0][1] * D3[1]) * SP(Z2[0]),), "the transpose"),
    (check.check_hidden_error, (D2[1],), "index 0"),
    (check.check_hidden_error, (hidden(lambda j: 1.0),), "missing σ′"),
    (check.check_hidden_error, (hidden(lambda j: SIG(Z2[j])),), "σ(z²)"),
    (check.check_hidden_error, (hidden(lambda j: SP(A2[j])),), "taken at the activation"),
    (check.check_hidden_error, (-np.array(D2),), "sign flipped"),
    (check.check_hidden_error, (hidden(lambda j: SP(Z2[j]) ** 2),), "extra σ′"),
    (check.check_hidden_error, (hidden(lambda j: Z2[j] * (1 - Z2[j])),), "z²(1 − z²)"),
    (check.check_saturation, (SP(10) / 0.25,), "inverse"), (check.check_saturation, (SIG(0) / SIG(10),), "ratio of σ"),
    (check.check_saturation, (SP(SIG(0)) / SP(SIG(10)),), "taken at the activations"),
    (check.check_saturation, (SP(10),), "σ′(10) itself"), (check.check_saturation, (math.exp(10),), "σ′(0) = 1/4"),
    (check.check_weight_gradient, (A2[0], D3[0]), "input of w³_11"),
    (check.check_weight_gradient, (Z2[2], D3[0]), "z²_3"), (check.check_weight_gradient, (A3[0], D3[0]), "a³_1"),
    (check.check_weight_gradient, (1.0, D3[0]), "∂z/∂b"),
    (check.check_weight_gradient, (A2[2] * SP(Z2[2]), D3[0]), "extra σ′"),
    (check.check_weight_gradient, (A2[2], A3[0] - 1), "missing σ′"),
    (check.check_weight_gradient, (A2[2], -D3[0]), "sign flipped"),
    (check.check_weight_gradient, (A2[2], (A3[0] - 1) * SP(A3[0])), "taken at the activation"),
    (check.check_weight_gradient, (A2[2], (A3[0] - 1) * A3[0]), "σ where BP1 has σ′"),
    (check.check_weight_gradient, (A2[2], D2[0]), "hidden neuron's error"),
    (check.check_weight_gradient, (A2[2], SP(Z3[0])), "σ′(z³_1) alone"),
]


def outer(d, a):
    return np.outer(d, a)


D3A = np.array([(A3[j] - 1) for j in range(2)])
MATRIX_BATTERY = [
    (outer(A2, D3), "the transpose"), (outer(D3, (1.0, 1.0)), "δ³ (a¹)ᵀ"), (outer(D3, A3), "δ³ (a³)ᵀ"),
    (outer(D2, A2), "δ² (a²)ᵀ"), (outer(D3, Z2), "δ³ (z²)ᵀ"), (outer(D3A, A2), "missing σ′"),
    (outer(D3A * [SP(a) for a in A3], A2), "taken at the activation"),
    (outer(D3A * [SIG(z) for z in Z3], A2), "σ(z³) where BP1 has σ′"),
    (outer(np.array(D3) * [SP(z) for z in Z3], A2), "extra σ′"), (-outer(D3, A2), "sign flipped"),
]


@pytest.mark.parametrize("func, args, phrase", BATTERY)
def test_battery(func, args, phrase):
    assert_named(func(*args), phrase, args)


@pytest.mark.parametrize("value, phrase", MATRIX_BATTERY)
def test_matrix_battery(value, phrase):
    assert_named(check.check_weight_gradient_matrix(value), phrase)


def test_batteries_leave_at_most_one_in_ten_unnamed():
    assert unnamed_share(BATTERY) <= 0.1 and unnamed_share(MATRIX_BATTERY) <= 0.1


def test_the_review_false_messages_are_fixed():
    for vector in (hidden(lambda j: SIG(Z2[j])), -np.array(D2), hidden(lambda j: SP(A2[j]))):
        assert "one number" not in check.check_hidden_error(vector).message
    slide = check.check_weight_gradient(0.55, -0.1054)                  # the slide's own rounded factors
    assert slide.close and UNKNOWN not in slide.message and "rounded to 2 decimals" in slide.message


@pytest.mark.parametrize("func, right", [(check.check_nudge, D3[1] * 0.01), (check.check_output_error, D3[0]),
                                         (check.check_hidden_error, D2[0]), (check.check_saturation, 0.25 / SP(10))])
def test_rounded_right_values_are_close_or_right(func, right):
    for digits in (2, 3, 4):
        verdict = func(float(f"{right:.{digits}g}"))
        assert (verdict.right or verdict.close) and UNKNOWN not in verdict.message, verdict


DOUBLE_SLIPS = [   # two slips at once: each named as the pair it is, or left unnamed (None)
    (check.check_output_error, (Y[0] - A3[0],), "the sign is flipped, and with that undone it is ∂C/∂a³_1"),
    (check.check_output_error, ((Y[0] - A3[0]) * SP(A3[0]),), "undone it is (a³_1 − y_1) σ′(a³_1)"),
    (check.check_hidden_error, (-ARRIVING[0],), "flipped, and with that undone it is the arriving error"),
    (check.check_hidden_error, (-np.array(ARRIVING),), "undone it is the arriving error (w³)ᵀδ³"),
    (check.check_hidden_error, (W3[0][0] * D3[0] + W3[0][1] * D3[1],), None),        # row of w³ and no σ′
    (check.check_weight_gradient_matrix, (outer(A2, D3A),), "transposed, and with that undone it is (a³ − y)(a²)ᵀ"),
    (check.check_weight_gradient_matrix, (-outer(A2, D3),), "the transpose with the sign flipped"),
    (check.check_weight_gradient_matrix, (outer(-D3A, A2),), "flipped, and with that undone it is (a³ − y)(a²)ᵀ"),
    (check.check_weight_gradient_matrix, (outer(A2, D3A * [SP(a) for a in A3]),),
     "transposed, and with that undone it is δ³ computed with σ′(a³)"),
]


@pytest.mark.parametrize("func, args, phrase", DOUBLE_SLIPS)
def test_double_slips(func, args, phrase):
    assert_named(func(*args), phrase, args)


FACTORS = {"σ′(z)": lambda j: SP(Z3[j]), "none": lambda j: 1.0, "σ(z)": lambda j: SIG(Z3[j]),
           "σ′(a)": lambda j: SP(A3[j]), "z(1 − z)": lambda j: Z3[j] * (1 - Z3[j]), "σ′(z)²": lambda j: SP(Z3[j]) ** 2}


def test_bp1_sweep_of_factor_sign_and_neuron_names_every_wrong_answer():
    """Every combination of a σ′ slip, the sign of a − y and the neuron: one slip or two at once."""
    answers = [s * (A3[j] - Y[j]) * f(j) for f in FACTORS.values() for s in (1, -1) for j in (0, 1)]
    verdicts = [check.check_output_error(value) for value in answers]
    wrong = [v for v in verdicts if not v.right]
    assert len(wrong) == len(answers) - 1 and not [v for v in wrong if UNKNOWN in v.message]


def test_bp4_sweep_of_factor_sign_and_transpose_names_every_wrong_answer():
    answers = [s * outer([(A3[j] - Y[j]) * f(j) for j in (0, 1)], A2) for f in FACTORS.values() for s in (1, -1)]
    answers += [value.T for value in answers]
    wrong = [v for v in map(check.check_weight_gradient_matrix, answers) if not v.right]
    assert len(wrong) == len(answers) - 1 and not [v for v in wrong if UNKNOWN in v.message]
