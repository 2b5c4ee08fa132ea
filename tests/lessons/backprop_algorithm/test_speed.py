"""The backprop-against-finite-differences timing: counts, the check on the sample, and that the
network is left as it was (timings themselves are never asserted)."""
import numpy as np
import pytest

import bpcore
from bpcore.lessons.backprop_algorithm.speed import gradient_timing
from bpcore.lessons.lecture import example as lecture_example


def test_mnist_sized_counts_and_sample_agree_with_backprop():
    net = bpcore.Network([784, 30, 10], seed=0)
    rng = np.random.default_rng(0)
    x, y = rng.random((784, 1)), np.eye(10)[:, [3]]
    before = net.copy()
    t = gradient_timing(net, x, y, sample=40, seed=1, repeat=1)
    assert t.n_params == 784 * 30 + 30 + 30 * 10 + 10 == 23_860
    assert t.n_passes == 47_720 and t.sample == 40
    assert t.worst_error < 1e-8
    assert t.differences_s == t.n_passes * t.pass_s and t.ratio == t.differences_s / t.backprop_s
    assert t.backprop_s > 0 and t.pass_s > 0
    assert all(np.array_equal(p, q) for p, q in zip(net.weights + net.biases, before.weights + before.biases))


def test_every_parameter_of_a_small_network():
    net = lecture_example.network()
    t = gradient_timing(net, lecture_example.X, lecture_example.Y, sample=1000, repeat=1)
    assert t.n_params == 17 and t.sample == 17          # the sample is all the parameters
    assert t.worst_error < 1e-9


def test_a_wrong_gradient_would_show(monkeypatch):
    # the sample is checked against backprop: a backprop 10% off is caught
    import bpcore.lessons.backprop_algorithm.speed as speed
    right = speed.backprop
    monkeypatch.setattr(speed, "backprop", lambda *a: tuple([1.1 * g for g in gs] for gs in right(*a)))
    t = gradient_timing(lecture_example.network(), lecture_example.X, lecture_example.Y, sample=17, repeat=1)
    assert t.worst_error > 1e-3


def test_a_failing_pass_leaves_the_network_as_it_was(monkeypatch):
    import bpcore.lessons.backprop_algorithm.speed as speed
    net = lecture_example.network()
    before = [p.copy() for p in net.weights + net.biases]
    calls = []

    def failing_cost_function(*args):
        C = bpcore.cost_function(*args)

        def failing():
            calls.append(1)
            if len(calls) == 3:          # in the middle of a nudged parameter
                raise KeyboardInterrupt
            return C()
        return failing
    monkeypatch.setattr(speed, "cost_function", failing_cost_function)
    with pytest.raises(KeyboardInterrupt):
        gradient_timing(net, lecture_example.X, lecture_example.Y, sample=17, repeat=1)
    assert all(np.array_equal(p, q) for p, q in zip(net.weights + net.biases, before))


def test_wrong_arguments_get_the_projects_message():
    net = lecture_example.network()
    with pytest.raises(ValueError, match="x|X"):
        gradient_timing(net, [1.0, 2.0, 3.0], lecture_example.Y, repeat=1)


def test_labels_for_a_batch():
    net = bpcore.Network([4, 3, 2], seed=0)
    X = np.random.default_rng(0).random((4, 3))
    t = gradient_timing(net, X, np.array([0, 1, 1]), sample=50, repeat=1)
    assert t.worst_error < 1e-9


@pytest.mark.parametrize("kwargs, words", [({"sample": 0}, "sample must be a positive integer"),
                                           ({"repeat": 2.5}, "repeat must be a positive integer"),
                                           ({"seed": "0"}, "seed must be a non-negative integer")])
def test_wrong_settings_are_refused(kwargs, words):
    net = lecture_example.network()
    with pytest.raises(ValueError, match=words):
        gradient_timing(net, lecture_example.X, lecture_example.Y, **kwargs)
