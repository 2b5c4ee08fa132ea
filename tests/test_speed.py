"""The backprop-against-finite-differences timing: counts, the check on the sample, and that the
network is left as it was (timings themselves are never asserted)."""
import numpy as np

import bpcore
from bpcore.lessons import lecture_example
from bpcore.lessons.speed import gradient_timing


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
    assert net.params_equal(before)


def test_every_parameter_of_a_small_network():
    net = lecture_example.network()
    t = gradient_timing(net, lecture_example.X, lecture_example.Y, sample=1000, repeat=1)
    assert t.n_params == 17 and t.sample == 17          # the sample is all the parameters
    assert t.worst_error < 1e-9


def test_a_wrong_gradient_would_show(monkeypatch):
    # the sample is checked against backprop: a backprop 10% off is caught
    import bpcore.lessons.speed as speed
    right = speed.backprop
    monkeypatch.setattr(speed, "backprop", lambda *a: tuple([1.1 * g for g in gs] for gs in right(*a)))
    t = gradient_timing(lecture_example.network(), lecture_example.X, lecture_example.Y, sample=17, repeat=1)
    assert t.worst_error > 1e-3
