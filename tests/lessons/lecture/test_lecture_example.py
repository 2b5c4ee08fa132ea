"""The lecture's 2-3-2 worked example as data, and the Neuron Error nudge measured on it."""
import numpy as np

import bpcore
from bpcore.lessons.lecture import example as le


def test_network_maps_slide_names_to_lecture_layers():
    net = le.network()
    assert net.sizes == [2, 3, 2]
    np.testing.assert_array_equal(net.w(2), le.W2)   # the slide's w_1
    np.testing.assert_array_equal(net.w(3), le.W3)   # the slide's w_2
    np.testing.assert_array_equal(net.b(3)[:, 0], le.B3)


def test_one_sgd_step_lowers_the_cost():
    x, y = np.array(le.X), np.array(le.Y)
    before = bpcore.cost_value(le.network(), x, y)
    for eta in (1.0, 3.0):
        net = le.network()
        bpcore.update_mini_batch(net, x.reshape(2, 1), y.reshape(2, 1), eta, "quadratic")
        assert bpcore.cost_value(net, x, y) < before


def test_nudging_z_changes_the_cost_by_delta_times_dz():
    net, x, y = le.network(), np.array(le.X), np.array(le.Y)
    (d2, d3), _ = bpcore.deltas(net, x, y)
    c0 = le.cost_with_nudged_z(net, x, y, 2, 1, 0.0)
    assert c0 == bpcore.cost_value(net, x, y)
    for l, d in ((2, d2), (3, d3)):
        for j in range(1, d.shape[0] + 1):                 # the lecture's j, from 1
            dc = le.cost_with_nudged_z(net, x, y, l, j, 1e-5) - c0
            assert np.isclose(dc, d[j - 1, 0] * 1e-5, rtol=1e-3)


def test_numerical_errors_match_deltas_on_a_batch():
    net = bpcore.Network([3, 4, 5, 2], seed=3)
    rng = np.random.default_rng(0)
    X, Y = rng.random((3, 6)), rng.random((2, 6))
    for cost in ("quadratic", "cross-entropy"):
        errors, _ = bpcore.deltas(net, X, Y, cost)
        for l in (2, 3, 4):
            assert bpcore.relative_error(errors[l - 2], le.numerical_errors(net, X, Y, l, cost)) < 1e-7


def test_a_nudged_cost_refuses_wrong_arguments_with_the_cores_messages():
    net = le.network()
    for args, word in (((np.ones(3), np.ones(2), 2), "X"), ((np.ones(2), np.ones(2), 4), "layer")):
        try:
            le.cost_with_nudged_z(net, *args, 1, 0.1)
        except ValueError as error:
            assert word in str(error)
        else:
            raise AssertionError(args)


def test_a_nudged_cost_counts_neurons_from_1():
    net, x, y = le.network(), np.array(le.X), np.array(le.Y)
    for j in (0, 4, 1.0):
        try:
            le.cost_with_nudged_z(net, x, y, 2, j, 0.1)
        except ValueError as error:
            assert "from 1" in str(error) and "1" in str(error)
        else:
            raise AssertionError(j)


def test_the_network_figure_names_its_largest_weight():
    from bpcore.lessons.worked_example.figures import network_figure
    fig, alt = network_figure(le.network())
    assert "2-3-2" in alt and "w^3_23 = 2.02" in alt      # w³_23 = 2.02 is the largest |w| on the slide
    assert max(abs(w) for row in le.W2 + le.W3 for w in row) == 2.02 == le.W3[1][2]
    assert fig.axes
