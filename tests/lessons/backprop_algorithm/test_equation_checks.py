"""The BP1-BP4 self-check: right answers pass, unfinished stubs are reported calmly, and each
typical mistake is named."""
import numpy as np
import pytest

from bpcore import sigmoid, sigmoid_prime
from slip_battery import UNKNOWN, assert_named, unnamed_share
from bpcore.lessons.backprop_algorithm.equation_checks import check_all, check_bp1, check_bp2, check_bp3, check_bp4


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
    assert v.message == "not written yet (it returns None)"
    v = check(stub_raises)
    assert not v.written and "not written yet (it raises NotImplementedError)" in v.message


MISTAKES = [
    # (check, wrong function, words the verdict must contain)
    (check_bp1, lambda g, z: g, "missing σ′"),
    (check_bp1, lambda g, z: g * sigmoid(z), "used σ(z^L) where BP1 needs its derivative"),
    (check_bp1, lambda g, z: g * z * (1 - z), "used z instead of a"),
    (check_bp1, lambda g, z: -g * sigmoid_prime(z), "sign is flipped"),
    (check_bp1, lambda g, z: 2 * g * sigmoid_prime(z), "2 times the right array: a constant factor"),
    (check_bp1, lambda g, z: g @ sigmoid_prime(z).T, "not a matrix product"),
    (check_bp2, lambda w, d, z: (w @ d) * sigmoid_prime(z), "did you forget the transpose?"),
    (check_bp2, lambda w, d, z: w.T @ d, "missing σ′"),
    (check_bp2, lambda w, d, z: (w.T @ d) * sigmoid(z), "used σ(z^l)"),
    (check_bp2, lambda w, d, z: (w.T @ d) * z * (1 - z), "used z instead of a"),
    (check_bp2, lambda w, d, z: (d.T @ w).T * sigmoid_prime(z) * -1, "sign is flipped"),
    (check_bp2, lambda w, d, z: (d.T @ w) * sigmoid_prime(z).T, "the transpose, shape (4, 5)"),
    (check_bp3, lambda d: d.mean(axis=1, keepdims=True), "off by a factor 1/m = 1/4"),
    (check_bp3, lambda d: d.sum(axis=1), "the numbers are right but the shape is (n_l,)"),
    (check_bp3, lambda d: d, "you returned δ itself"),
    (check_bp3, lambda d: d.sum(axis=0), "summed over the wrong axis"),
    (check_bp3, lambda d: d.sum(), "the sum over everything"),
    (check_bp3, lambda d: -d.sum(axis=1, keepdims=True), "sign is flipped"),
    (check_bp4, lambda d, a: a @ d.T, "transposed"),
    (check_bp4, lambda d, a: d @ a, "did you forget the transpose?"),
    (check_bp4, lambda d, a: d @ a.T / d.shape[1], "off by a factor 1/m"),
    (check_bp4, lambda d, a: d @ (a * (1 - a)).T, "BP4 has no σ′ factor"),
    (check_bp4, lambda d, a: -(d @ a.T), "sign is flipped"),
    (check_bp4, lambda d, a: np.outer(d, a), "shape (20, 24), expected (5, 6)"),
    (check_bp4, lambda d, a: (d @ a.T).reshape(6, 5), "the entries are right but the shape is (6, 5)"),
]


MISTAKES += [
    (check_bp1, lambda g, z: g * sigmoid_prime(sigmoid(z)), "σ′ taken at the activation"),
    (check_bp1, lambda g, z: g * sigmoid_prime(z) ** 2, "an extra σ′"),
    (check_bp1, lambda g, z: g * z, "by z^L itself"),
    (check_bp1, lambda g, z: sigmoid_prime(z).T @ g, "not a matrix product"),
    (check_bp1, lambda g, z: np.zeros_like(g), "all zeros"),
    (check_bp2, lambda w, d, z: (w.T @ d) * sigmoid_prime(sigmoid(z)), "σ′ taken at the activation"),
    (check_bp2, lambda w, d, z: (w.T @ d) * sigmoid_prime(z) ** 2, "an extra σ′"),
    (check_bp2, lambda w, d, z: (w.T @ d) * z, "by z^l itself"),
    (check_bp2, lambda w, d, z: -(w.T @ d), "the sign is flipped, and with that undone it is missing σ′"),
    (check_bp4, lambda d, a: a @ (d * sigmoid_prime(d)).T, None),         # transposed and an extra σ′ on δ
    (check_bp3, lambda d: d.mean(axis=1), "averaged instead of summing"),
    (check_bp3, lambda d: d.sum(axis=0, keepdims=True), "summed over the wrong axis"),
    (check_bp3, lambda d: d.sum(axis=1, keepdims=True) * 2, "2 times the right array"),
    (check_bp4, lambda d, a: -(a @ d.T), "transposed and with the sign flipped"),
    (check_bp4, lambda d, a: np.outer(d.sum(axis=1), a.sum(axis=1)), "the product of the sums"),
    (check_bp4, lambda d, a: d @ sigmoid(a).T, "applied σ to a^{l-1}"),
    (check_bp4, lambda d, a: d @ sigmoid_prime(a).T, "multiplied by σ′ of a^{l-1}"),
]


def test_at_most_one_mistake_in_ten_unnamed():
    assert unnamed_share(MISTAKES) <= 0.1


@pytest.mark.parametrize("check, func, words", MISTAKES)
def test_typical_mistakes_are_named(check, func, words):
    assert_named(check(func), words)


def test_unrecognised_wrong_values_still_fail():
    v = check_bp4(lambda d, a: d @ a.T + 0.1)
    assert not v.right and UNKNOWN in v.message


def test_non_array_answers_fail_politely():
    assert "should be numbers" in check_bp3(lambda d: "sum").message
    assert "all finite" in check_bp3(lambda d: np.full((5, 1), np.nan)).message


def test_student_code_cannot_change_the_reference():
    def in_place(d):
        d *= 0  # overwrites its argument: the check passes copies
        return d.sum(axis=1, keepdims=True)
    assert "all zeros" in check_bp3(in_place).message
    assert check_bp3(bp3).right


def test_check_all_prints_a_line_each(capsys):
    check_all(stub_none, bp2, stub_raises, lambda d, a: a @ d.T)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "BP1: not written yet (it returns None)"
    assert out[1].startswith("BP2: right")
    assert out[2] == "BP3: not written yet (it raises NotImplementedError)"
    assert out[3].startswith("BP4: not yet: transposed")
    assert out[4] == "1 of 4 right, 2 not written yet."
    check_all(bp1, bp2, bp3, bp4)
    assert capsys.readouterr().out.splitlines()[-1].startswith("4 of 4 right:")
