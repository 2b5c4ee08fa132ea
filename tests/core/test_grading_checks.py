"""The hidden tests' slip catalogue (bpcore.grading), run in this process on the source notebooks
of assignments/: the reference solutions pass every test cell, each natural wrong solution of
tests/grading/submissions.py fails the test cells it should, with the feedback naming its slip,
and a solution that calls bpcore fails. (`python3 tasks.py grading` grades the same submissions
with nbgrader, in a sandbox.)"""
import io
import json
import sys
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "grading"))
import submissions  # noqa: E402

SOURCE = ROOT / "assignments" / "source"
SLOW = {"a3_training_test"}          # trains on MNIST: graded by `tasks.py grading` only


def source(assignment):
    return json.loads((SOURCE / assignment / f"{assignment}.ipynb").read_text(encoding="utf-8"))


def run(assignment, changes=()):
    """Run the source notebook with the solution cells changed: {test cell: (points, error or None)}."""
    namespace, results = {}, {}
    for cell in source(assignment)["cells"]:
        meta = cell["metadata"]["nbgrader"]
        if cell["cell_type"] != "code" or meta["grade_id"] in SLOW or meta["grade_id"] == "a3_train":
            continue
        code = submissions.solution_code(cell, changes) if meta["solution"] else "".join(cell["source"])
        error = None
        try:
            with redirect_stdout(io.StringIO()):
                exec(compile(code, meta["grade_id"], "exec"), namespace)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
        if meta["grade"]:
            results[meta["grade_id"]] = (meta["points"], error)
    return results


def score(results):
    return sum(points for points, error in results.values() if error is None)


def slow_points(assignment):
    return sum(c["metadata"]["nbgrader"].get("points", 0) for c in source(assignment)["cells"]
               if c["metadata"]["nbgrader"]["grade_id"] in SLOW)


@pytest.mark.parametrize("assignment", submissions.ASSIGNMENTS)
def test_the_reference_solution_passes_every_test(assignment):
    results = run(assignment)
    assert score(results) + slow_points(assignment) == submissions.ASSIGNMENTS[assignment], results


@pytest.mark.parametrize("student, assignment, changes, expected, phrase",
                         [s for s in submissions.SLIPS], ids=[s[0] for s in submissions.SLIPS])
def test_a_natural_slip_is_named(student, assignment, changes, expected, phrase):
    results = run(assignment, changes)
    errors = [error for _, error in results.values() if error]
    assert any(phrase in error for error in errors), errors
    if not slow_points(assignment):
        assert score(results) == expected, results


def test_a_function_that_calls_bpcore_fails_and_bpcore_is_back_on_afterwards():
    import bpcore
    from bpcore.grading import Slip, checks

    def sigmoid(z):
        return bpcore.sigmoid(z)
    with pytest.raises(Slip, match="calls bpcore"):
        checks.sigmoid(sigmoid)
    assert bpcore.sigmoid(0.0) == 0.5


def test_the_exact_gradient_the_checks_hand_out_is_bpcores():
    import bpcore
    from bpcore.grading import checks

    rng = np.random.default_rng(5)
    net = bpcore.Network([5, 4, 3], seed=3)
    X, Y = rng.uniform(size=(5, 7)), rng.uniform(size=(3, 7))
    sums_b, sums_w = checks.gradient_sums(net.weights, net.biases, X, Y)
    nabla_b, nabla_w = bpcore.backprop(net, X, Y)
    for mine, theirs in zip(sums_b + sums_w, nabla_b + nabla_w):
        assert np.allclose(mine, 7 * theirs)


@pytest.mark.parametrize("name, fake", [("abs", np.negative), ("exp", np.frompyfunc(np.exp, 1, 1)),
                                        ("allclose", lambda *a, **k: True)])
def test_a_replaced_numpy_function_is_found(monkeypatch, name, fake):
    from bpcore import grading
    grading.untouched()                      # as numpy gives them: nothing to report
    monkeypatch.setattr(np, name, fake)
    with pytest.raises(grading.Slip, match=rf"numpy\.{name}\b"):
        grading.untouched()
