"""sgd and update_mini_batch against the lecture's update rule written out with backprop:

    w^l → w^l − (η/m) Σ_x δ^{x,l} (a^{x,l-1})^T,     b^l → b^l − (η/m) Σ_x δ^{x,l}
"""
import numpy as np
import pytest

from bpcore import Monitor, Network, accuracy, backprop, cost_value, deltas, load_mnist, one_hot, sgd, update_mini_batch
from bpcore.sgd import _Trainer
from reference import frozen_sgd, params_equal

pytestmark = pytest.mark.filterwarnings("error")

COSTS = ["quadratic", "cross-entropy"]


def data(n_in=4, n_out=3, n=23, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((n_in, n))
    labels = rng.integers(0, n_out, size=n)
    return X, labels, one_hot(labels, n_out)


def params(net):
    return [p.copy() for p in net.weights + net.biases]


def assert_params_close(a, b, rtol=1e-12, atol=1e-14):
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_allclose(p, q, rtol=rtol, atol=atol)


def manual_sgd(net, X, Y, epochs, batch_size, eta, seed, cost="quadratic", divide_by=None):
    """The update rule with backprop's mean gradient over each mini-batch's real size m.
    `divide_by` replaces m by a fixed number (a deliberately wrong variant)."""
    n = X.shape[1]
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(n)
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            nabla_b, nabla_w = backprop(net, X[:, idx], Y[:, idx], cost)       # (1/m) Σ_x ∇C_x
            scale = eta if divide_by is None else eta * len(idx) / divide_by
            for w, g in zip(net.weights, nabla_w):
                w -= scale * g
            for b, g in zip(net.biases, nabla_b):
                b -= scale * g
    return net


# ------------------------------------------------------------------ one step

@pytest.mark.parametrize("cost", COSTS)
def test_one_step_is_the_update_rule(cost):
    rng = np.random.default_rng(1)
    for case in range(15):
        sizes = [int(n) for n in rng.integers(1, 9, size=rng.integers(2, 6))]
        m = int(rng.integers(1, 7))
        net = Network(sizes, seed=case)
        X, Y = rng.random((sizes[0], m)), rng.random((sizes[-1], m))
        eta = float(rng.uniform(0.1, 5.0))
        ds, fp = deltas(net, X, Y, cost)
        # Σ_x δ^{x,l} (a^{x,l-1})^T as an explicit sum of outer products, one per example
        expected_w = [w - eta / m * sum(np.outer(ds[i][:, x], fp.activations[i][:, x]) for x in range(m))
                      for i, w in enumerate(net.weights)]
        expected_b = [b - eta / m * sum(ds[i][:, [x]] for x in range(m)) for i, b in enumerate(net.biases)]
        update_mini_batch(net, X, Y, eta, cost)
        for got, want in zip(net.weights + net.biases, expected_w + expected_b):
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


def test_one_step_by_hand():
    # 1-1-1 net, w^2 = 0, b^2 = 0, w^3 = 2, b^3 = -1, x = 3, y = 1 (see test_backprop):
    # ∂C/∂w^2 = -3/16, ∂C/∂b^2 = -1/16, ∂C/∂w^3 = -1/16, ∂C/∂b^3 = -1/8; with η = 4, m = 1:
    # w^2 = 0 + 4·3/16 = 0.75, b^2 = 0 + 4/16 = 0.25, w^3 = 2 + 4/16 = 2.25, b^3 = -1 + 4/8 = -0.5
    net = Network.from_params([[[0.0]], [[2.0]]], [[0.0], [-1.0]])
    update_mini_batch(net, np.array([3.0]), np.array([1.0]), eta=4.0)
    assert [net.w(2).item(), net.b(2).item(), net.w(3).item(), net.b(3).item()] == [0.75, 0.25, 2.25, -0.5]


def test_update_mini_batch_does_not_modify_inputs():
    net = Network([4, 5, 3], seed=0)
    X, _, Y = data(n=6)
    Xs, Ys = X.copy(), Y.copy()
    update_mini_batch(net, X, Y, 1.0)
    np.testing.assert_array_equal(X, Xs)
    np.testing.assert_array_equal(Y, Ys)


# ------------------------------------------------------------------ epochs and mini-batches

@pytest.mark.parametrize("cost", COSTS)
@pytest.mark.parametrize("n,batch_size", [(23, 5), (23, 10), (10, 3), (7, 7), (9, 1), (17, 16)])
@pytest.mark.parametrize("gather_bytes", [None, 320])
def test_sgd_equals_manual_loop_with_real_last_batch_size(n, batch_size, cost, gather_bytes, monkeypatch):
    if gather_bytes:  # a gather buffer of one to a few batches: batches come from several gathers
        monkeypatch.setattr(_Trainer, "GATHER_BYTES", gather_bytes)
    X, labels, Y = data(n=n, seed=n)
    net = Network([4, 6, 3], seed=3)
    manual = manual_sgd(net.copy(), X, Y, epochs=3, batch_size=batch_size, eta=2.0, seed=11, cost=cost)
    sgd(net, X, labels, epochs=3, batch_size=batch_size, eta=2.0, seed=11, cost=cost)
    assert_params_close(net, manual)
    if n % batch_size:
        # dividing the short last batch by batch_size instead of its real m gives other weights
        wrong = manual_sgd(Network([4, 6, 3], seed=3), X, Y, 3, batch_size, 2.0, 11, cost, divide_by=batch_size)
        diff = max(np.max(np.abs(p - q)) for p, q in zip(net.weights + net.biases, wrong.weights + wrong.biases))
        assert diff > 1e-6


@pytest.mark.parametrize("cost", COSTS)
def test_full_batch_is_gradient_descent(cost):
    X, labels, Y = data(n=12)
    net = Network([4, 5, 3], seed=1)
    ref = net.copy()
    for _ in range(4):                                   # w → w − η ∇C, ∇C over all n examples
        nabla_b, nabla_w = backprop(ref, X, Y, cost)
        for p, g in zip(ref.weights + ref.biases, nabla_w + nabla_b):
            p -= 0.5 * g
    sgd(net, X, Y, epochs=4, batch_size=12, eta=0.5, seed=123, cost=cost)
    # the shuffle only reorders the columns of one sum: equal up to rounding
    assert_params_close(net, ref)


def test_same_seed_same_weights_different_seed_different():
    X, labels, _ = data(n=30)
    a, b, c = (Network([4, 5, 3], seed=0) for _ in range(3))
    sgd(a, X, labels, epochs=2, batch_size=4, seed=5)
    sgd(b, X, labels, epochs=2, batch_size=4, seed=5)
    sgd(c, X, labels, epochs=2, batch_size=4, seed=6)
    assert params_equal(a, b)
    assert not params_equal(a, c)
    assert all(not np.array_equal(p, q) for p, q in zip(a.weights, c.weights))


@pytest.mark.parametrize("cost", COSTS)
def test_per_example_path_gives_the_same_weights(cost):
    X, labels, _ = data(n=23)
    fast, slow = Network([4, 6, 3], seed=2), Network([4, 6, 3], seed=2)
    h1 = sgd(fast, X, labels, epochs=3, batch_size=5, eta=3.0, seed=1, cost=cost)
    h2 = sgd(slow, X, labels, epochs=3, batch_size=5, eta=3.0, seed=1, cost=cost, per_example=True)
    assert_params_close(fast, slow)
    np.testing.assert_allclose(h1.train_cost, h2.train_cost, rtol=1e-12)


def test_labels_and_one_hot_targets_train_identically():
    X, labels, Y = data(n=20)
    a, b = Network([4, 5, 3], seed=0), Network([4, 5, 3], seed=0)
    ha = sgd(a, X, labels, epochs=2, batch_size=3)
    hb = sgd(b, X, Y, epochs=2, batch_size=3)
    assert params_equal(a, b)
    assert ha.train_cost == hb.train_cost


def test_sgd_reduces_the_cost():
    X, labels, Y = data(n=40)
    net = Network([4, 8, 3], seed=0)
    c0 = cost_value(net, X, Y)
    h = sgd(net, X, labels, epochs=30, batch_size=4, eta=3.0)
    assert h.train_cost[-1] < 0.7 * c0


# ------------------------------------------------------------------ history and monitor

def test_history_lengths_and_recorded_values():
    X, labels, Y = data(n=20)
    Xt, lt, _ = data(n=9, seed=5)
    net = Network([4, 5, 3], seed=0)
    h = sgd(net, X, labels, epochs=4, batch_size=6, test=(Xt, lt), cost="cross-entropy")
    assert h.epoch == [1, 2, 3, 4]
    assert len(h.train_cost) == len(h.test_accuracy) == 4
    assert not h.diverged and not h.stopped_early
    # the last entries describe the network as it is now
    assert h.train_cost[-1] == pytest.approx(cost_value(net, X, Y, "cross-entropy"), rel=1e-12)
    assert h.test_accuracy[-1] == accuracy(net, Xt, lt)
    assert all(v in {k / 9 for k in range(10)} for v in h.test_accuracy)


def test_history_values_per_epoch_match_separate_runs():
    X, labels, Y = data(n=15)
    Xt, lt, _ = data(n=8, seed=2)
    h = sgd(Network([4, 5, 3], seed=0), X, labels, epochs=3, batch_size=4, test=(Xt, lt))
    for e in (1, 2, 3):
        net = Network([4, 5, 3], seed=0)
        sgd(net, X, labels, epochs=e, batch_size=4)
        assert h.train_cost[e - 1] == pytest.approx(cost_value(net, X, Y), rel=1e-12)
        assert h.test_accuracy[e - 1] == accuracy(net, Xt, lt)


def test_without_test_set_or_train_cost():
    X, labels, _ = data(n=10)
    h = sgd(Network([4, 5, 3]), X, labels, epochs=2, batch_size=5, monitor=Monitor(train_cost=False))
    assert h.epoch == [1, 2] and h.train_cost == [] and h.test_accuracy == []


@pytest.mark.parametrize("test", [True, False])
def test_from_start_measures_the_untrained_network_and_calls_after_epoch_first(test):
    X, labels, Y = data(n=12)
    Xt, lt, _ = data(n=7, seed=3)
    net = Network([4, 5, 3], seed=0)
    want_cost, want_accuracy = cost_value(net, X, Y), accuracy(net, Xt, lt)
    seen = []
    h = sgd(net, X, labels, epochs=2, batch_size=4, test=(Xt, lt) if test else None,
            monitor=Monitor(after_epoch=lambda hist: seen.append(list(hist.epoch)), from_start=True))
    assert seen == [[], [1], [1, 2]] and h.epoch == [1, 2] and len(h.train_cost) == 2
    assert h.start_cost == want_cost
    assert h.start_accuracy == (want_accuracy if test else None)
    ref = Network([4, 5, 3], seed=0)
    sgd(ref, X, labels, epochs=2, batch_size=4)
    assert params_equal(net, ref)                  # measuring trains nothing
    h = sgd(Network([4, 5, 3], seed=0), X, labels, epochs=2, batch_size=4,
            monitor=Monitor(after_epoch=lambda hist: True, from_start=True))
    assert h.stopped_early and h.epoch == [] and h.start_cost == want_cost
    assert sgd(net, X, labels, batch_size=4).start_cost is None


def test_zero_epochs_changes_nothing():
    X, labels, _ = data(n=10)
    net = Network([4, 5, 3])
    before = net.copy()
    h = sgd(net, X, labels, epochs=0, batch_size=5)
    assert params_equal(net, before) and h.epoch == [] and not h.diverged


def test_callback_called_once_per_epoch():
    X, labels, _ = data(n=10)
    seen = []
    h = sgd(Network([4, 5, 3]), X, labels, epochs=5, batch_size=5,
            monitor=Monitor(after_epoch=lambda hist: seen.append((list(hist.epoch), len(hist.train_cost)))))
    assert seen == [([1], 1), ([1, 2], 2), ([1, 2, 3], 3), ([1, 2, 3, 4], 4), ([1, 2, 3, 4, 5], 5)]
    assert not h.stopped_early


def test_callback_returning_true_stops_early():
    X, labels, _ = data(n=10)
    net = Network([4, 5, 3])
    calls = []

    def stop_at_two(hist):
        calls.append(hist.epoch[-1])
        return hist.epoch[-1] == 2

    h = sgd(net, X, labels, epochs=10, batch_size=3, monitor=Monitor(after_epoch=stop_at_two))
    assert calls == [1, 2] and h.epoch == [1, 2] and h.stopped_early and not h.diverged
    ref = Network([4, 5, 3])
    sgd(ref, X, labels, epochs=2, batch_size=3)
    assert params_equal(net, ref)                  # the trained epochs are kept


def test_callback_returning_numpy_true_stops_early():
    X, labels, _ = data(n=10)
    h = sgd(Network([4, 5, 3]), X, labels, epochs=5, batch_size=5,
            monitor=Monitor(after_epoch=lambda hist: np.float64(hist.train_cost[-1]) > -1.0))
    assert h.epoch == [1] and h.stopped_early


@pytest.mark.parametrize("exc", [RuntimeError, KeyboardInterrupt])
def test_exception_in_callback_leaves_network_as_before(exc):
    X, labels, _ = data(n=10)
    net = Network([4, 5, 3], seed=4)
    before = net.copy()
    arrays = [id(p) for p in net.weights + net.biases]

    def fail_at_three(hist):
        if hist.epoch[-1] == 3:
            raise exc("stop")

    with pytest.raises(exc):
        sgd(net, X, labels, epochs=5, batch_size=3, monitor=Monitor(after_epoch=fail_at_three))
    assert params_equal(net, before)
    assert [id(p) for p in net.weights + net.biases] == arrays   # restored in place


# ------------------------------------------------------------------ divergence

def test_divergence_keeps_the_last_finite_epoch():
    # cross-entropy's δ^L = a − y does not vanish when an output saturates the wrong way, so a
    # huge η makes the weights overflow: epoch 1 stays finite, epoch 2 does not
    X, labels, _ = data(n=12)
    net = Network([4, 3, 2], seed=0)
    labels = labels % 2
    h = sgd(net, X, labels, epochs=8, batch_size=12, eta=1e300, cost="cross-entropy")
    assert h.diverged and not h.stopped_early
    assert h.epoch == [1] and len(h.train_cost) == 1
    assert all(np.all(np.isfinite(p)) for p in net.weights + net.biases)
    ref = Network([4, 3, 2], seed=0)
    sgd(ref, X, labels, epochs=1, batch_size=12, eta=1e300, cost="cross-entropy")
    assert params_equal(net, ref)


def test_divergence_in_the_first_epoch_restores_the_start():
    X, labels, _ = data(n=12)
    net = Network([4, 3, 3], seed=0, dtype=np.float32)
    before = net.copy()
    h = sgd(net, X, labels, epochs=3, batch_size=4, eta=1e300)      # η/m overflows float32
    assert h.diverged and h.epoch == [] and h.train_cost == []
    assert params_equal(net, before)
    assert all(p.dtype == np.float32 for p in net.weights + net.biases)


# ------------------------------------------------------------------ dtypes and inputs

def test_float32_training_stays_float32():
    X, labels, _ = data(n=20)
    net32, net64 = Network([4, 5, 3], seed=0, dtype=np.float32), Network([4, 5, 3], seed=0)
    h = sgd(net32, X, labels, epochs=3, batch_size=4, test=(X, labels))
    sgd(net64, X, labels, epochs=3, batch_size=4)
    assert all(p.dtype == np.float32 for p in net32.weights + net32.biases)
    assert all(isinstance(c, float) and np.isfinite(c) for c in h.train_cost)
    for p, q in zip(net32.weights + net32.biases, net64.weights + net64.biases):
        np.testing.assert_allclose(p, q, rtol=1e-4, atol=1e-5)
    h = sgd(net32, X.astype(np.float32), labels, epochs=1, batch_size=4, per_example=True)
    assert all(p.dtype == np.float32 for p in net32.weights + net32.biases)


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_inputs_are_not_modified(order, dtype):
    X, labels, Y = data(n=13)
    X = np.array(X, dtype=dtype, order=order)
    Y = np.array(Y, order=order)
    saved = X.copy(), labels.copy(), Y.copy()
    for target in (labels, Y):
        for per_example in (False, True):
            sgd(Network([4, 5, 3]), X, target, epochs=2, batch_size=4, per_example=per_example, test=(X, labels))
    np.testing.assert_array_equal(X, saved[0])
    np.testing.assert_array_equal(labels, saved[1])
    np.testing.assert_array_equal(Y, saved[2])


def test_single_example_training():
    net = Network.from_params([[[0.0]], [[2.0]]], [[0.0], [-1.0]])
    sgd(net, np.array([[3.0]]), np.array([[1.0]]), epochs=1, batch_size=1, eta=4.0)
    assert [net.w(2).item(), net.b(2).item(), net.w(3).item(), net.b(3).item()] == [0.75, 0.25, 2.25, -0.5]


# ------------------------------------------------------------------ each mini-batch's cost

def batches_by_hand(net, X, Y, epochs, batch_size, eta, seed, cost):
    """The same shuffled mini-batches as sgd, each one's C computed separately with cost_value
    (weights before its step), then the step: per epoch, an array of the batches' costs."""
    n, rng, record = X.shape[1], np.random.default_rng(seed), []
    for _ in range(epochs):
        order, costs = rng.permutation(n), []
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            costs.append(cost_value(net, X[:, idx], Y[:, idx], cost))
            update_mini_batch(net, X[:, idx], Y[:, idx], eta, cost)
        record.append(np.array(costs))
    return record


@pytest.mark.parametrize("cost", COSTS)
@pytest.mark.parametrize("n,batch_size", [(23, 5), (23, 1), (17, 16), (12, 12)])
@pytest.mark.parametrize("per_example", [False, True])
def test_batch_costs_are_the_costs_of_the_same_batches(n, batch_size, cost, per_example):
    X, labels, Y = data(n=n, seed=n)
    net = Network([4, 6, 3], seed=2)
    ref = net.copy()
    h = sgd(net, X, labels, epochs=3, batch_size=batch_size, eta=2.0, seed=7, cost=cost,
            per_example=per_example)
    expected = batches_by_hand(ref, X, Y, 3, batch_size, 2.0, 7, cost)
    assert len(h.batch_costs) == 3
    for got, want in zip(h.batch_costs, expected):
        assert got.shape == (-(-n // batch_size),) == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-12)
        assert np.mean(got) == pytest.approx(np.mean(want), rel=1e-12)   # the epoch's mean
    assert_params_close(net, ref)


@pytest.mark.parametrize("per_example", [False, True])
def test_batch_costs_of_a_saturated_cross_entropy_network_are_finite(per_example):
    # outputs confidently wrong: a^L rounds to exactly 0 or 1, the cost must still come from z^L
    X, labels, Y = data(n=8)
    net = Network([4, 3, 3], seed=0)
    net.w(3)[...] *= 1e3
    ref = net.copy()
    h = sgd(net, X, labels, epochs=1, batch_size=4, eta=1e-3, seed=0, cost="cross-entropy",
            per_example=per_example)
    want = batches_by_hand(ref, X, Y, 1, 4, 1e-3, 0, "cross-entropy")[0]
    assert np.all(np.isfinite(h.batch_costs[0])) and np.max(h.batch_costs[0]) > 10
    np.testing.assert_allclose(h.batch_costs[0], want, rtol=1e-12)


@pytest.mark.parametrize("cost", COSTS)
@pytest.mark.parametrize("batch_size", [1, 7, 40])
def test_recording_batch_costs_leaves_the_weights_bit_for_bit(cost, batch_size):
    X, labels, _ = data(n=40, seed=4)
    a, b = Network([4, 6, 3], seed=5), Network([4, 6, 3], seed=5)
    on = sgd(a, X, labels, epochs=2, batch_size=batch_size, eta=3.0, seed=1, cost=cost)
    off = sgd(b, X, labels, epochs=2, batch_size=batch_size, eta=3.0, seed=1, cost=cost,
              monitor=Monitor(batch_costs=False))
    assert params_equal(a, b) and on.train_cost == off.train_cost
    assert len(on.batch_costs) == 2 and off.batch_costs == []


def test_batch_costs_of_a_diverged_run_stop_with_the_last_finite_epoch():
    X, labels, _ = data(n=12)
    h = sgd(Network([4, 3, 2], seed=0), X, labels % 2, epochs=8, batch_size=12, eta=1e300,
            cost="cross-entropy")
    assert h.diverged and len(h.batch_costs) == len(h.epoch) == 1


def test_batch_costs_must_be_a_bool():
    with pytest.raises(TypeError, match="batch_costs must be True or False"):
        Monitor(batch_costs="yes")


# ------------------------------------------------------------------ bit for bit against the frozen loop

@pytest.mark.parametrize("cost", COSTS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("sizes", [[4, 6, 3], [5, 7, 4, 3], [3, 2]])
@pytest.mark.parametrize("batch_size", [1, 7, 10, 30])
@pytest.mark.parametrize("record", [True, False])
def test_weights_are_bit_for_bit_those_of_the_frozen_loop(cost, dtype, sizes, batch_size, record):
    X, labels, Y = data(n_in=sizes[0], n_out=sizes[-1], n=30, seed=batch_size)
    net = Network(sizes, seed=4, dtype=dtype)
    want_w, want_b = frozen_sgd(net.weights, net.biases, X.astype(dtype), Y.astype(dtype), epochs=3,
                                batch_size=batch_size, eta=2.5, seed=9, cross_entropy=cost != "quadratic")
    sgd(net, X, labels, epochs=3, batch_size=batch_size, eta=2.5, seed=9, cost=cost,
        monitor=Monitor(batch_costs=record))
    for got, want in zip(net.weights + net.biases, want_w + want_b):
        assert got.dtype == want.dtype and np.array_equal(got, want)


def test_weights_on_mnist_are_bit_for_bit_those_of_the_frozen_loop():
    (X, labels), _ = load_mnist()
    X, labels = X[:, :600], labels[:600]
    for m in (10, 100):
        net = Network([784, 30, 10], seed=0)
        want_w, want_b = frozen_sgd(net.weights, net.biases, X, one_hot(labels, 10), 1, m, 3.0, 0)
        sgd(net, X, labels, epochs=1, batch_size=m, eta=3.0, seed=0)
        assert all(np.array_equal(p, q) for p, q in zip(net.weights + net.biases, want_w + want_b))
