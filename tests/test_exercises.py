"""The BP1-BP4 self-check: right answers pass, unfinished stubs are reported calmly, and each
typical mistake is named."""
import numpy as np
import pytest

from bpcore import sigmoid, sigmoid_prime
from bpcore.lessons.exercises import check_all, check_bp1, check_bp2, check_bp3, check_bp4


def bp1(nabla_a, z):
    return nabla_a * sigmoid(z) * (1 - sigmoid(z))


def bp2(w_next, delta_next, z):
    return (w_next.T @ delta_next) * sigmoid_prime(z)


def bp3(delta):
    return delta.sum(axis=1, keepdims=True)


def bp4(delta, a_prev):
    return delta @ a_prev.T


def bp4_loop(delta, a_prev):  # the lecture's per-example sum, written out
    return sum(np.outer(delta[:, x], a_prev[:, x]) for x in range(delta.shape[1]))


def test_right_answers_pass():
    for check, func in [(check_bp1, bp1), (check_bp2, bp2), (check_bp3, bp3), (check_bp4, bp4),
                        (check_bp4, bp4_loop)]:
        v = check(func)
        assert v.right and v.written, v.message
        assert v.message.startswith("right")


def test_right_answers_pass_for_other_seeds():
    for seed in range(5):
        assert all(c(f, seed).right for c, f in [(check_bp1, bp1), (check_bp2, bp2), (check_bp3, bp3),
                                                  (check_bp4, bp4)])


def stub_none(*args):
    return None


def stub_raises(*args):
    raise NotImplementedError


@pytest.mark.parametrize("check", [check_bp1, check_bp2, check_bp3, check_bp4])
def test_unfinished_stubs(check):
    v = check(stub_none)
    assert not v.written and not v.right
    assert v.message == "not written yet (returns None)"
    v = check(stub_raises)
    assert not v.written and "not written yet (raises NotImplementedError)" in v.message


MISTAKES = [
    # (check, wrong function, words the verdict must contain)
    (check_bp1, lambda g, z: g, "missing σ′"),
    (check_bp1, lambda g, z: g * sigmoid(z), "used σ(z^L) where BP1 needs its derivative"),
    (check_bp1, lambda g, z: g * z * (1 - z), "used z instead of a"),
    (check_bp1, lambda g, z: -g * sigmoid_prime(z), "wrong sign"),
    (check_bp1, lambda g, z: 2 * g * sigmoid_prime(z), "off by a constant factor, the result is 2 times"),
    (check_bp1, lambda g, z: g @ sigmoid_prime(z).T, "not a matrix product"),
    (check_bp2, lambda w, d, z: (w @ d) * sigmoid_prime(z), "did you forget the transpose?"),
    (check_bp2, lambda w, d, z: w.T @ d, "missing σ′"),
    (check_bp2, lambda w, d, z: (w.T @ d) * sigmoid(z), "used σ(z^l)"),
    (check_bp2, lambda w, d, z: (w.T @ d) * z * (1 - z), "used z instead of a"),
    (check_bp2, lambda w, d, z: (d.T @ w).T * sigmoid_prime(z) * -1, "wrong sign"),
    (check_bp2, lambda w, d, z: (d.T @ w) * sigmoid_prime(z).T, "wrong shape: got (4, 5), expected (5, 4)"),
    (check_bp3, lambda d: d.mean(axis=1, keepdims=True), "off by a factor 1/m = 1/4"),
    (check_bp3, lambda d: d.sum(axis=1), "the numbers are right but the shape is (n_l,)"),
    (check_bp3, lambda d: d, "you returned δ itself"),
    (check_bp3, lambda d: d.sum(axis=0), "summed over the wrong axis"),
    (check_bp3, lambda d: d.sum(), "summed over everything"),
    (check_bp3, lambda d: -d.sum(axis=1, keepdims=True), "wrong sign"),
    (check_bp4, lambda d, a: a @ d.T, "transposed"),
    (check_bp4, lambda d, a: d @ a, "did you forget the transpose?"),
    (check_bp4, lambda d, a: d @ a.T / d.shape[1], "off by a factor 1/m"),
    (check_bp4, lambda d, a: d @ (a * (1 - a)).T, "BP4 has no σ′ factor"),
    (check_bp4, lambda d, a: -(d @ a.T), "wrong sign"),
    (check_bp4, lambda d, a: np.outer(d, a), "wrong shape: got (20, 24), expected (5, 6)"),
    (check_bp4, lambda d, a: (d @ a.T).reshape(6, 5), "the numbers are right but not their arrangement"),
]


@pytest.mark.parametrize("check, func, words", MISTAKES)
def test_typical_mistakes_are_named(check, func, words):
    v = check(func)
    assert v.written and not v.right
    assert words in v.message, v.message


def test_unrecognised_wrong_values_still_fail():
    v = check_bp4(lambda d, a: d @ a.T + 0.1)
    assert not v.right and "wrong values" in v.message


def test_non_array_answers_fail_politely():
    assert "not an array of numbers" in check_bp3(lambda d: "sum").message
    assert "NaN" in check_bp3(lambda d: np.full((5, 1), np.nan)).message


def test_student_code_cannot_change_the_reference():
    def in_place(d):
        d *= 0  # overwrites its argument: the check passes copies
        return d.sum(axis=1, keepdims=True)
    assert "wrong" in check_bp3(in_place).message
    assert check_bp3(bp3).right


def test_check_all_prints_a_line_each(capsys):
    check_all(stub_none, bp2, stub_raises, lambda d, a: a @ d.T)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "BP1: not written yet (returns None)"
    assert out[1].startswith("BP2: right")
    assert out[2] == "BP3: not written yet (raises NotImplementedError)"
    assert out[3].startswith("BP4: wrong shape") and "transposed" in out[3]
    assert out[4] == "1 of 4 right, 2 not written yet."
    check_all(bp1, bp2, bp3, bp4)
    assert capsys.readouterr().out.splitlines()[-1].startswith("4 of 4 right:")


# --- the guided derivation: ∂C/∂w^3_13 = δ^3_1 a^2_3 on the worked example -------------------

from bpcore.lessons import lecture_example
from bpcore.lessons.exercises import check_weight_gradient
from reference import B2, B3, W2, W3, sigmoid_prime_ref, sigmoid_ref


def worked_example_ref():
    z2 = [W2[j][0] + W2[j][1] + B2[j] for j in range(3)]        # x = (1, 1)
    a2 = [sigmoid_ref(v) for v in z2]
    z3 = [sum(W3[j][k] * a2[k] for k in range(3)) + B3[j] for j in range(2)]
    a3 = [sigmoid_ref(v) for v in z3]
    d3 = [(a3[j] - 1.0) * sigmoid_prime_ref(z3[j]) for j in range(2)]
    d2 = [sum(W3[k][j] * d3[k] for k in range(2)) * sigmoid_prime_ref(z2[j]) for j in range(3)]
    return z2, a2, z3, a3, d2, d3


def test_weight_gradient_right_answers():
    _, a2, _, _, _, d3 = worked_example_ref()
    v = check_weight_gradient(a2[2], d3[0])
    assert v.right and v.written
    assert "0.5523 × (-0.1054) = -0.0582" in v.message and "gives -0.0582" in v.message
    assert check_weight_gradient(0.5523, -0.1054).right                # typed with 4 decimals
    assert check_weight_gradient(np.array([a2[2]]), np.array([[d3[0]]])).right


WEIGHT_MISTAKES = [
    # (index of a quantity for dz_dw, for dC_dz, words the verdict must contain)
    (("a2", 0), ("d3", 0), "input of w³_11"),
    (("a2", 1), ("d3", 0), "input of w³_12"),
    (("z2", 2), ("d3", 0), "weighted input"),
    (("a3", 0), ("d3", 0), "output of the neuron the weight feeds"),
    (("one", 0), ("d3", 0), "∂z/∂b (BP3)"),
    (("a2", 2), ("d3", 1), "δ³_2 is the error of output neuron 2"),
    (("a2", 2), ("d2", 2), "the neuron the weight comes from"),
    (("a2", 2), ("d2", 0), "δ²_1 is a hidden neuron's error"),
    (("a2", 2), ("dCda", 0), "multiplies it by σ′(z³_1)"),
    (("a2", 2), ("sp3", 0), "σ′(z³_1) alone"),
    (("a2", 2), ("-d3", 0), "wrong sign"),
]


@pytest.mark.parametrize("first, second, words", WEIGHT_MISTAKES)
def test_weight_gradient_mistakes_are_named(first, second, words):
    z2, a2, z3, a3, d2, d3 = worked_example_ref()
    values = {"a2": a2, "z2": z2, "a3": a3, "d2": d2, "d3": d3, "one": [1.0],
              "dCda": [a3[0] - 1.0], "sp3": [sigmoid_prime_ref(z3[0])], "-d3": [-d3[0]]}
    v = check_weight_gradient(values[first[0]][first[1]], values[second[0]][second[1]])
    assert v.written and not v.right
    assert words in v.message, v.message


def test_weight_gradient_the_weight_itself_and_unknown_numbers():
    _, a2, _, _, _, d3 = worked_example_ref()
    v = check_weight_gradient(W3[0][2], d3[0])
    assert not v.right and "the weight w³_13 itself" in v.message
    v = check_weight_gradient(a2[2], 0.3)
    assert not v.right and "∂C/∂z³_1 = 0.3 is none of the worked example's quantities" in v.message
    assert "which array holds the errors" in v.message and "z³_1 = w³_11" not in v.message
    v = check_weight_gradient(0.3, d3[0])        # an unknown first factor: the hint about z³_1
    assert not v.right and "∂z³_1/∂w³_13 = 0.3 is none" in v.message
    assert "z³_1 = w³_11 a²_1" in v.message and "errors" not in v.message


def test_weight_gradient_unfinished_and_bad_input():
    assert check_weight_gradient(None, None).message == "not written yet (a factor is None)"
    assert not check_weight_gradient(None, 1.0).written
    v = check_weight_gradient("a2[2]", 1.0)
    assert v.written and not v.right and "one number" in v.message
    assert "one number" in check_weight_gradient([1.0, 2.0], 1.0).message
    assert "one number" in check_weight_gradient(float("nan"), 1.0).message


def test_weight_gradient_candidates_are_distinct():
    # every mistake is recognisable: no two candidate values within the 4-decimal tolerance
    z2, a2, z3, a3, d2, d3 = worked_example_ref()
    first = [a2[2], a2[0], a2[1], W3[0][2], z2[2], a3[0], 1.0]
    second = [d3[0], d3[1], d2[2], d2[0], a3[0] - 1.0, a3[0] * (1 - a3[0]), -d3[0]]
    for values in (first, second):
        gaps = [abs(p - q) for i, p in enumerate(values) for q in values[i + 1:]]
        assert min(gaps) > 1e-3
    assert lecture_example.W3[0][2] == W3[0][2]
