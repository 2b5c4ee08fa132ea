"""bpcore.lessons.stochastic_gradient_descent.checks: notebook 01's self-checks accept the right answer and name each
natural slip, computed from the lesson's own functions; and sgd_experiments' measurements."""
import numpy as np
import pytest

import bpcore
from slip_battery import UNKNOWN, assert_named
from bpcore.lessons.stochastic_gradient_descent import checks as sgd_checks
from bpcore.lessons.stochastic_gradient_descent import cost_surface
from bpcore.lessons.stochastic_gradient_descent import experiments as sgd_experiments

LAM_MIN, LAM_MAX = np.linalg.eigvalsh(cost_surface.hessian(*cost_surface.minimum()))
BATCH = sgd_checks.PER_EXAMPLE[sgd_checks.BATCH]

N, M, EPOCHS, ETA, SUM = 8000, 10, 5, 3.0, 0.5
CASES = [
    # check, the right answer, [(a slip's value computed from the math, a phrase its message must contain)]
    (sgd_checks.check_time_ratio, 8000 / 1000, [(1.0, "no change"), ((8000 / 1000) ** 2, "n²"),
                                                (np.sqrt(8000 / 1000), "√"), (1000 / 8000, "upside down"),
                                                (8000 - 1000, "difference")]),
    (sgd_checks.check_minibatch_estimate, BATCH.mean(),
     [(BATCH.sum(), "sum over the batch"), (BATCH.sum() / 8, "divided by n"),
      (sgd_checks.PER_EXAMPLE.mean(), "exact"),
      (sgd_checks.PER_EXAMPLE[[j + 1 for j in sgd_checks.BATCH]].mean(), "counts from 0"),
      (sgd_checks.PER_EXAMPLE[:4].mean(), "first m = 4 columns"), (-BATCH.mean(), "sign is flipped")]),
    (sgd_checks.check_error_factor, np.sqrt(1000 / 10), [(1000 / 10, "variance"), (1.0, "no change"),
                                                         (np.sqrt(10 / 1000), "upside down"),
                                                         (10 / 1000, "ratio of variances"),
                                                         (np.log10(1000 / 10), "log₁₀")]),
    (sgd_checks.check_step, -ETA / M * SUM,
     [(-ETA * SUM, "1/m is missing"), (ETA / M * SUM, "sign flipped"), (-SUM / M, "learning rate η is missing"),
      (-ETA * SUM / N, "divided by n"), (-ETA / M ** 2 * SUM, "divided by m twice"),
      (-ETA * M * SUM, "multiplied by m"), (-SUM / (ETA * M), "η divides")]),
    (sgd_checks.check_stable_eta, 2 / LAM_MAX,
     [(1 / LAM_MAX, "1/λ_max"), (2 / LAM_MIN, "λ_min"), (1 / LAM_MIN, "1/λ_min"), (LAM_MAX / 2, "λ_max/2"),
      (2 * LAM_MAX, "2λ_max"), (2 / (LAM_MIN + LAM_MAX), "best η"), (-2 / LAM_MAX, "sign is flipped")]),
    (sgd_checks.check_updates, EPOCHS * N // M,
     [(N // M, "one epoch"), (EPOCHS * N, "examples seen"), (EPOCHS * M, "n/m mini-batches"),
      (EPOCHS, "full-batch"), (N * M * EPOCHS, "divide n by m"), (N / (M * EPOCHS), "epochs multiply"),
      (EPOCHS * N // M - 1, "off by 1"), (EPOCHS * N // M + 1, "off by 1")]),
]


@pytest.mark.parametrize("check, right, slips", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_each_check_accepts_the_answer_and_names_each_slip(check, right, slips):
    unanswered = check(None)
    assert not unanswered.written and not unanswered.right and "not written yet" in unanswered.message
    verdict = check(right)
    assert verdict.right and verdict.message.startswith("right"), verdict
    assert check(np.float64(right)).right and check(np.array(right)).right
    for value, phrase in slips:
        assert_named(check(value), phrase, value)
    unknown = check(round(right * 1.37) + 11 if check is sgd_checks.check_updates else right * 1.37 + 0.011)
    assert not unknown.right and UNKNOWN in unknown.message
    for bad in ("8", [1.0, 2.0], True, float("nan")):
        assert not check(bad).right and ("one number" in check(bad).message or "whole number" in check(bad).message)


@pytest.mark.parametrize("check, right", [(c, r) for c, r, _ in CASES if c is not sgd_checks.check_updates])
def test_a_right_value_rounded_is_close_or_right(check, right):
    for digits in (2, 3, 4):
        rounded = float(f"{right:.{digits}g}")
        verdict = check(rounded)
        assert verdict.right or verdict.close, (rounded, verdict)
        assert UNKNOWN not in verdict.message


def test_a_count_is_exact():
    right = EPOCHS * N // M
    assert sgd_checks.check_updates(right).right
    for off in (right - 1, right + 1):
        assert not sgd_checks.check_updates(off).right and sgd_checks.check_updates(off).close


def test_the_error_factor_accepts_the_measured_ratio_with_the_finite_population_correction():
    n = 8000
    measured = np.sqrt(1000 / 10 * (n - 10) / (n - 1000))     # the formula's ratio, 10.7
    assert sgd_checks.check_error_factor(measured).right


def test_stable_eta_check_is_the_limit_the_notebook_states():
    assert sgd_checks.check_stable_eta(round(2 / LAM_MAX, 1)).right
    assert 2 / LAM_MAX == pytest.approx(79, abs=0.5)


def test_time_full_gradient_and_compare_batch_sizes_on_a_tiny_network():
    rng = np.random.default_rng(0)
    X, labels = rng.uniform(size=(4, 40)), rng.integers(0, 3, 40)
    net = bpcore.Network([4, 5, 3], seed=1)
    seconds, per_example = sgd_experiments.time_full_gradient(net, X, bpcore.one_hot(labels, 3), [10, 40], repeats=1)
    assert seconds.shape == (2,) and per_example > 0
    before = [w.copy() for w in net.weights]
    runs, clocks = sgd_experiments.compare_batch_sizes(net, X, labels, (X, labels), [(40, 2), (4, 1)], eta=1.0)
    assert all(np.array_equal(w, v) for w, v in zip(net.weights, before))      # net left as it was
    assert len(runs[40]) == 3 and len(runs[4]) == 2 and runs[40][0] == runs[4][0]
    assert len(clocks[40]) == 3 and np.all(np.diff(clocks[40]) >= 0)
    model = net.copy()
    history = bpcore.sgd(model, X, labels, epochs=1, batch_size=4, eta=1.0, seed=0, test=(X, labels))
    assert runs[4][1] == history.test_accuracy[0]
    with pytest.raises(TypeError, match="list of pairs"):
        sgd_experiments.compare_batch_sizes(net, X, labels, (X, labels), [10, 5])
