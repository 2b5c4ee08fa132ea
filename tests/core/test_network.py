"""Network: parameter shapes and initialisation, the lecture's layer numbering, from_params,
and feedforward against a plain-Python reference."""
import math

import numpy as np
import pytest

from bpcore import ForwardPass, Network
from reference import B2, B3, W2, W3, params_equal, sigmoid_ref

pytestmark = pytest.mark.filterwarnings("error")


def feedforward_ref(weights, biases, x):
    """a^L for one example with Python loops: a^l_j = σ(Σ_k w^l_{jk} a^{l-1}_k + b^l_j)."""
    a = [float(v) for v in x]
    for w, b in zip(weights, biases):
        a = [sigmoid_ref(sum(w[j][k] * a[k] for k in range(len(a))) + float(np.ravel(b)[j]))
             for j in range(len(w))]
    return a


def random_sizes(rng):
    return [int(n) for n in rng.integers(1, 9, size=rng.integers(2, 6))]


# ------------------------------------------------------------------ shapes and init

@pytest.mark.parametrize("sizes", [[1, 1], [2, 3, 2], [784, 30, 10], [5, 1, 7, 2], [3, 8, 8, 8, 1]])
def test_parameter_shapes(sizes):
    net = Network(sizes)
    assert net.sizes == sizes and net.L == len(sizes)
    assert len(net.weights) == len(net.biases) == len(sizes) - 1
    for i in range(len(sizes) - 1):
        assert net.weights[i].shape == (sizes[i + 1], sizes[i])
        assert net.biases[i].shape == (sizes[i + 1], 1)
        assert net.weights[i].dtype == net.biases[i].dtype == np.float64


def test_sizes_accepts_tuple_and_numpy_ints():
    net = Network((np.int64(3), 4, np.int32(2)))
    assert net.sizes == [3, 4, 2] and all(type(n) is int for n in net.sizes)
    assert net.w(2).shape == (4, 3)


def _check_standard_normal(samples, mean=0.0, std=1.0):
    samples = np.ravel(samples)
    n = samples.size
    # with n samples, the sample mean has standard error std/√n: allow 5 of them
    assert abs(samples.mean() - mean) < 5 * std / math.sqrt(n)
    # the sample variance of a normal has relative standard error √(2/n)
    assert abs(samples.var() / std**2 - 1) < 5 * math.sqrt(2 / n)
    # shape, not just moments: P(|w| < σ) = 0.6827, P(|w| < 2σ) = 0.9545
    for k, p in ((1, 0.682689), (2, 0.954500)):
        frac = np.mean(np.abs(samples - mean) < k * std)
        assert abs(frac - p) < 5 * math.sqrt(p * (1 - p) / n)


def test_standard_init_is_standard_normal():
    net = Network([400, 300, 200], seed=3)
    _check_standard_normal(np.concatenate([w.ravel() for w in net.weights]))
    _check_standard_normal(np.concatenate([b.ravel() for b in net.biases]))


@pytest.mark.parametrize("n_in", [4, 30, 784])
def test_scaled_init_has_variance_one_over_n_in(n_in):
    net = Network([n_in, 2000], seed=5, init="scaled")
    _check_standard_normal(net.w(2), std=1 / math.sqrt(n_in))
    _check_standard_normal(net.b(2), std=1.0)            # biases stay N(0, 1)


def test_scaled_init_keeps_z_variance_near_one():
    rng = np.random.default_rng(0)
    X = rng.choice([-1.0, 1.0], size=(784, 200))          # unit-variance inputs
    net = Network([784, 500], seed=1, init="scaled")
    zw = net.w(2) @ X                                      # z^2 without the bias
    assert 0.9 < zw.var() < 1.1
    zw_std = Network([784, 500], seed=1).w(2) @ X
    assert 700 < zw_std.var() < 870                        # standard init: variance ≈ n_in = 784


def test_same_seed_same_network_different_seed_different():
    a, b, c = Network([6, 5, 4], seed=7), Network([6, 5, 4], seed=7), Network([6, 5, 4], seed=8)
    for p, q, r in zip(a.weights + a.biases, b.weights + b.biases, c.weights + c.biases):
        np.testing.assert_array_equal(p, q)
        assert not np.any(p == r)
    assert params_equal(a, b) and not params_equal(a, c)


def test_seed_may_be_a_generator():
    a = Network([3, 4, 2], seed=np.random.default_rng(11))
    b = Network([3, 4, 2], seed=np.random.default_rng(11))
    assert params_equal(a, b) and params_equal(a, Network([3, 4, 2], seed=11))


def test_default_seed_is_deterministic():
    assert params_equal(Network([5, 3]), Network([5, 3]))


def test_float32_option():
    net = Network([4, 3, 2], seed=2, dtype=np.float32)
    assert net.dtype == np.float32
    assert all(p.dtype == np.float32 for p in net.weights + net.biases)
    # the same draws as float64, rounded
    ref = Network([4, 3, 2], seed=2)
    for p, q in zip(net.weights + net.biases, ref.weights + ref.biases):
        np.testing.assert_array_equal(p, q.astype(np.float32))
    X = np.random.default_rng(0).random((4, 5))         # float64 input
    a = net.feedforward(X)
    assert a.dtype == np.float32
    np.testing.assert_allclose(a, ref.feedforward(X), rtol=1e-5)
    fp = net.forward(X)
    assert all(z.dtype == np.float32 for z in fp.zs) and all(a.dtype == np.float32 for a in fp.activations)


# ------------------------------------------------------------------ the layer mapping

def test_w_and_b_use_the_lectures_layer_numbers():
    net = Network([3, 5, 4, 2], seed=1)
    assert net.L == 4
    for l in range(2, net.L + 1):
        assert net.w(l) is net.weights[l - 2]
        assert net.b(l) is net.biases[l - 2]
        assert net.w(l).shape == (net.sizes[l - 1], net.sizes[l - 2])   # (n_l, n_{l-1})
        assert net.b(l).shape == (net.sizes[l - 1], 1)


@pytest.mark.parametrize("l", [0, 1, 5, -1, 2.0, True])
def test_w_rejects_layers_without_weights(l):
    net = Network([3, 5, 4, 2])
    with pytest.raises(ValueError, match=r"l must be an integer in 2\.\.4"):
        net.w(l)
    with pytest.raises(ValueError, match=r"l must be an integer in 2\.\.4"):
        net.b(l)


def test_forward_pass_z_and_a_by_layer():
    net = Network([3, 5, 4, 2], seed=4)
    X = np.random.default_rng(1).random((3, 6))
    fp = net.forward(X)
    assert isinstance(fp, ForwardPass)
    assert len(fp.zs) == 3 and len(fp.activations) == 4
    np.testing.assert_array_equal(fp.a(1), X)                    # a^1 is the input
    for l in range(2, net.L + 1):
        assert fp.z(l) is fp.zs[l - 2] and fp.a(l) is fp.activations[l - 1]
        assert fp.z(l).shape == fp.a(l).shape == (net.sizes[l - 1], 6)
        # z^l = w^l a^{l-1} + b^l, computed entry by entry
        z = np.array([[sum(net.w(l)[j, k] * fp.a(l - 1)[k, x] for k in range(net.sizes[l - 2])) + net.b(l)[j, 0]
                       for x in range(6)] for j in range(net.sizes[l - 1])])
        np.testing.assert_allclose(fp.z(l), z, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(fp.a(l), np.vectorize(sigmoid_ref)(z), rtol=1e-13)
    np.testing.assert_array_equal(fp.a(net.L), net.feedforward(X))
    with pytest.raises(ValueError):
        fp.z(1)
    with pytest.raises(ValueError):
        fp.a(5)


def test_lecture_example_feedforward():
    net = Network.from_params([W2, W3], [B2, B3])
    fp = net.forward(np.array([1.0, 1.0]))
    # z^2 = w^2 [1, 1] + b^2: row sums plus biases
    #   -0.81 - 0.34 + 0.27 = -0.88;  -1.57 - 0.03 + 0.87 = -0.73;  0.60 - 0.52 + 0.13 = 0.21
    np.testing.assert_allclose(fp.z(2).ravel(), [-0.88, -0.73, 0.21], rtol=0, atol=1e-15)
    # a^2 = σ(z^2) = [0.2932, 0.3252, 0.5523]: the slide's [0.29, 0.33, 0.55] to 2 decimals
    np.testing.assert_allclose(fp.a(2).ravel(), [0.29, 0.33, 0.55], rtol=0, atol=0.005)
    # z^3 = w^3 a^2 + b^3 = [0.2822, 1.0599]; the slide says [0.28, 1.06]
    np.testing.assert_allclose(fp.z(3).ravel(), [0.28, 1.06], rtol=0, atol=0.005)
    # a^3 = σ(z^3) = [0.5701, 0.7427]; the slide says [0.57, 0.74]
    np.testing.assert_allclose(fp.a(3).ravel(), [0.57, 0.74], rtol=0, atol=0.005)
    # and to full precision against the plain-Python reference
    np.testing.assert_allclose(fp.a(3).ravel(), feedforward_ref([W2, W3], [B2, B3], [1, 1]), rtol=1e-14)


# ------------------------------------------------------------------ from_params and copy

def test_from_params_copies_its_inputs():
    weights = [np.array(W2), np.array(W3)]
    biases = [np.array(B2).reshape(-1, 1), np.array(B3).reshape(-1, 1)]
    saved = [p.copy() for p in weights + biases]
    net = Network.from_params(weights, biases)
    for p in weights + biases:           # the caller changes its arrays ...
        p += 100.0
    for p, s in zip(net.weights + net.biases, saved):
        np.testing.assert_array_equal(p, s)       # ... the network does not see it
    for p in net.weights + net.biases:   # and the other way round
        p -= 1.0
    for p, s in zip(weights + biases, saved):
        np.testing.assert_array_equal(p, s + 100.0)


def test_from_params_accepts_1d_biases_and_lists():
    net = Network.from_params([W2, W3], [B2, B3])
    assert net.sizes == [2, 3, 2]
    assert net.b(2).shape == (3, 1) and net.b(3).shape == (2, 1)
    np.testing.assert_array_equal(net.b(3).ravel(), B3)
    np.testing.assert_array_equal(net.w(2), W2)


def test_from_params_dtype():
    net = Network.from_params([W2, W3], [B2, B3], dtype=np.float32)
    assert all(p.dtype == np.float32 for p in net.weights + net.biases)


def test_from_params_roundtrip_and_copy_is_independent():
    net = Network([4, 6, 3], seed=9)
    same = Network.from_params(net.weights, net.biases)
    assert params_equal(same, net)
    c = net.copy()
    assert params_equal(c, net) and c.dtype == net.dtype
    c.weights[0][0, 0] += 1.0
    c.biases[1][0, 0] += 1.0
    assert not params_equal(c, net)
    assert params_equal(net, same)


# ------------------------------------------------------------------ feedforward

def test_feedforward_matches_plain_python_on_random_networks():
    rng = np.random.default_rng(2024)
    for case in range(40):
        sizes = random_sizes(rng)
        net = Network(sizes, seed=case, init="standard" if case % 2 else "scaled")
        x = rng.normal(0, 1.5, size=sizes[0])
        ref = feedforward_ref([w.tolist() for w in net.weights], net.biases, x)
        np.testing.assert_allclose(net.feedforward(x), ref, rtol=1e-13, err_msg=str(sizes))


def test_feedforward_of_1d_input_is_one_example():
    net = Network([3, 4, 2], seed=1)
    x = np.array([0.1, -0.7, 2.0])
    a = net.feedforward(x)
    assert a.shape == (2,)
    np.testing.assert_array_equal(a, net.feedforward(x.reshape(3, 1))[:, 0])
    np.testing.assert_allclose(a, feedforward_ref(net.weights, net.biases, x), rtol=1e-14)


def test_feedforward_of_a_batch_equals_column_by_column():
    rng = np.random.default_rng(7)
    for case in range(30):
        sizes = random_sizes(rng)
        net = Network(sizes, seed=case)
        m = int(rng.integers(1, 9))
        X = rng.random((sizes[0], m))
        A = net.feedforward(X)
        assert A.shape == (sizes[-1], m)
        for x in range(m):
            np.testing.assert_allclose(A[:, x], net.feedforward(X[:, x]), rtol=1e-14, atol=1e-300)


def test_feedforward_accepts_lists_ints_and_fortran_order():
    net = Network([2, 3, 1], seed=0)
    X = np.array([[1.0, 0.0, 2.0], [0.5, 1.0, -1.0]])
    ref = net.feedforward(X)
    np.testing.assert_array_equal(net.feedforward(X.tolist()), ref)
    np.testing.assert_array_equal(net.feedforward(np.asfortranarray(X)), ref)
    Xi = np.array([[1, 0, 2], [3, 1, -1]])
    np.testing.assert_allclose(net.feedforward(Xi), net.feedforward(Xi.astype(float)), rtol=1e-15)


def test_feedforward_does_not_modify_input_or_network():
    net = Network([3, 4, 2], seed=1)
    before = net.copy()
    X = np.random.default_rng(0).random((3, 5))
    X_saved = X.copy()
    net.feedforward(X)
    net.forward(X)
    np.testing.assert_array_equal(X, X_saved)
    assert params_equal(net, before)


def test_feedforward_saturates_without_warnings():
    net = Network.from_params([[[1000.0, -1000.0]]], [[0.0]])
    np.testing.assert_array_equal(net.feedforward(np.array([[1.0, 0.0], [0.0, 1.0]])), [[1.0, 0.0]])


def test_the_core_imports_none_of_the_lessons_libraries():
    # The lecture's math stands alone on numpy; figures and widgets live in bpcore.lessons.
    import subprocess
    import sys
    code = ("import sys, bpcore; print(sorted(m for m in ('matplotlib', 'ipywidgets', 'PIL', 'anywidget', "
            "'IPython', 'traitlets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
