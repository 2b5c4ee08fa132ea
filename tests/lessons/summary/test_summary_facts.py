"""Every formula and fact that notebooks/08_summary.ipynb states, checked against bpcore
(bpcore.lessons.summary.facts, which the notebook runs), and the check itself."""
import numpy as np
import pytest

import bpcore
from bpcore.lessons.summary import facts as summary_facts


def test_every_fact_of_the_summary_holds():
    results = summary_facts.facts()
    assert len(results) == 11
    assert [statement for statement, holds in results.items() if not holds] == []
    verdict = summary_facts.check_summary()
    assert verdict.right and verdict.message == "all 11 facts on this page hold in bpcore"


def test_a_fact_that_fails_is_named(monkeypatch):
    monkeypatch.setattr(summary_facts, "_batch_facts", lambda: {"BP2 as printed": False})
    verdict = summary_facts.check_summary()
    assert not verdict.right and verdict.message.startswith("1 of 7 facts do not hold")
    assert "BP2 as printed" in verdict.message


def test_the_cost_of_one_example_and_of_all():
    net = bpcore.Network([3, 4, 2], seed=2)
    X, Y = np.random.default_rng(3).random((3, 5)), np.random.default_rng(4).random((2, 5))
    per_example = [np.sum((Y[:, i] - net.feedforward(X[:, [i]])[:, 0]) ** 2) / 2 for i in range(5)]
    assert bpcore.cost_value(net, X[:, [0]], Y[:, [0]]) == pytest.approx(per_example[0])
    assert bpcore.cost_value(net, X, Y) == pytest.approx(np.mean(per_example))
