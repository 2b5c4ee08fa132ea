"""bpcore.lessons.stochastic_gradient_descent.checks: notebook 01's self-checks accept the right answer and name each
natural slip, computed from the lesson's own functions; and sgd_experiments' measurements."""
import numpy as np
import pytest

import bpcore
from bpcore.lessons.stochastic_gradient_descent import checks as sgd_checks
from bpcore.lessons.stochastic_gradient_descent import cost_surface
from bpcore.lessons.stochastic_gradient_descent import experiments as sgd_experiments

LAM_MIN, LAM_MAX = np.linalg.eigvalsh(cost_surface.hessian(*cost_surface.minimum()))
BATCH = sgd_checks.PER_EXAMPLE[sgd_checks.BATCH]

CASES = [
    # check, the right answer, [(a slip's value, a word its message must contain)]
    (sgd_checks.check_time_ratio, 8.0, [(1.0, "does not depend"), (64.0, "n²"), (np.sqrt(8), "√"),
                                        (0.125, "upside down")]),
    (sgd_checks.check_minibatch_estimate, BATCH.mean(),
     [(BATCH.sum(), "sum over the batch"), (BATCH.sum() / 8, "divides the batch's sum by n"),
      (sgd_checks.PER_EXAMPLE.mean(), "exact"),
      (sgd_checks.PER_EXAMPLE[[j + 1 for j in sgd_checks.BATCH]].mean(), "counts from 0")]),
    (sgd_checks.check_error_factor, 10.0, [(100.0, "variance"), (1.0, "does not depend"),
                                           (0.1, "upside down")]),
    (sgd_checks.check_step, -0.15, [(-1.5, "forgets the 1/m"), (0.15, "sign"), (-0.05, "learning rate"),
                                    (-3 * 0.5 / 8000, "n = 8000"), (-0.015, "twice")]),
    (sgd_checks.check_stable_eta, 2 / LAM_MAX, [(1 / LAM_MAX, "1/λ_max"), (2 / LAM_MIN, "λ_min"),
                                                (LAM_MAX / 2, "λ_max/2"), (2 * LAM_MAX, "2λ_max")]),
    (sgd_checks.check_updates, 4000, [(800, "one epoch"), (40000, "examples seen"), (50, "multiplies by m"),
                                      (5, "full-batch")]),
]


@pytest.mark.parametrize("check, right, slips", CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_each_check_accepts_the_answer_and_names_each_slip(check, right, slips):
    unanswered = check(None)
    assert not unanswered.written and not unanswered.right and "not answered" in unanswered.message
    verdict = check(right)
    assert verdict.right and verdict.message.startswith("right"), verdict
    assert check(np.float64(right)).right and check(np.array(right)).right
    for value, word in slips:
        verdict = check(value)
        assert verdict.written and not verdict.right and word in verdict.message, (value, verdict)
    unknown = check(right * 1.37 + 0.011)
    assert not unknown.right and "not a slip this check knows" in unknown.message
    for bad in ("8", [1.0, 2.0], True, float("nan")):
        assert not check(bad).right and "one finite number" in check(bad).message


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
