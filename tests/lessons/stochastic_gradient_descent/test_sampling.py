"""bpcore.lessons.stochastic_gradient_descent.sampling: the mini-batch estimate of ∇C, checked against brute force on tiny data."""
import itertools

import numpy as np
import pytest

import bpcore
from bpcore.lessons.stochastic_gradient_descent import sampling


@pytest.fixture
def tiny():
    rng = np.random.default_rng(3)
    net = bpcore.Network([4, 3, 2], seed=1)
    X = rng.random((4, 6))
    Y = bpcore.one_hot(rng.integers(0, 2, 6), 2)
    return net, X, Y


def per_example_gradients(net, X, Y):
    return np.array([sampling.as_vector(*bpcore.backprop(net, X[:, [x]], Y[:, [x]])) for x in range(X.shape[1])])


def test_as_vector_lists_biases_then_weights(tiny):
    net = tiny[0]
    v = sampling.as_vector(net.biases, net.weights)
    assert v.shape == (3 + 2 + 12 + 6,)
    assert np.array_equal(v[:3], net.b(2).ravel()) and np.array_equal(v[5:17], net.w(2).ravel())


def test_draw_minibatch_is_without_replacement():
    idx = sampling.draw_minibatch(np.random.default_rng(0), 50, 20)
    assert idx.shape == (20,) and len(set(idx.tolist())) == 20 and idx.min() >= 0 and idx.max() < 50


@pytest.mark.parametrize("m", [1, 2, 3, 5])
def test_expected_relative_error_is_exact_over_all_minibatches(tiny, m):
    # E||g_m − g||² averaged over EVERY subset of size m equals σ²/m · (n−m)/(n−1)
    net, X, Y = tiny
    grads = per_example_gradients(net, X, Y)
    g = grads.mean(axis=0)
    subsets = itertools.combinations(range(X.shape[1]), m)
    mean_sq = np.mean([np.sum((grads[list(s)].mean(axis=0) - g) ** 2) for s in subsets])
    expected = sampling.expected_relative_error(net, X, Y, [m])[0]
    assert expected == pytest.approx(np.sqrt(mean_sq) / np.linalg.norm(g), rel=1e-10)


def test_full_population_has_no_error(tiny):
    net, X, Y = tiny
    errors = sampling.relative_errors(net, X, Y, X.shape[1], draws=3)
    assert errors.shape == (3,) and np.all(errors < 1e-12)
    assert sampling.expected_relative_error(net, X, Y, [X.shape[1]])[0] == 0


def test_relative_errors_match_backprop_and_accept_labels(tiny):
    net, X, Y = tiny
    labels = np.argmax(Y, axis=0)
    errors = sampling.relative_errors(net, X, labels, 2, draws=4, seed=7)
    g = sampling.as_vector(*bpcore.backprop(net, X, Y))
    rng = np.random.default_rng(7)
    for e in errors:
        idx = sampling.draw_minibatch(rng, X.shape[1], 2)
        g_m = sampling.as_vector(*bpcore.backprop(net, X[:, idx], Y[:, idx]))
        assert e == pytest.approx(np.linalg.norm(g_m - g) / np.linalg.norm(g), rel=1e-12)


def test_weight_components_are_per_example_derivatives(tiny):
    net, X, Y = tiny
    components = [(2, 1, 4), (3, 2, 3)]                 # the lecture's w^2_14 and w^3_23
    values = sampling.weight_components(net, X, Y, components)
    assert values.shape == (2, 6)
    for x in range(6):
        _, nabla_w = bpcore.backprop(net, X[:, [x]], Y[:, [x]])
        for i, (l, j, k) in enumerate(components):
            assert values[i, x] == pytest.approx(nabla_w[l - 2][j - 1, k - 1], rel=1e-12, abs=1e-15)
    _, full = bpcore.backprop(net, X, Y)
    assert values[1].mean() == pytest.approx(full[1][1, 2], rel=1e-12)


@pytest.mark.parametrize("component", [(2, 0, 4), (3, 3, 1), (2, 1, 5)])
def test_weight_components_refuse_indices_that_are_not_the_lectures(tiny, component):
    net, X, Y = tiny
    with pytest.raises(ValueError, match="from 1"):      # numpy's 0 for the lecture's j = 1 is the likely slip
        sampling.weight_components(net, X, Y, [component])


def test_minibatch_means_seeded_and_exact_at_m_equal_n():
    values = np.arange(12.0).reshape(2, 6)
    a = sampling.minibatch_means(values, 2, draws=5, seed=4)
    assert a.shape == (5, 2) and np.array_equal(a, sampling.minibatch_means(values, 2, draws=5, seed=4))
    assert np.allclose(sampling.minibatch_means(values, 6, draws=3), values.mean(axis=1))
