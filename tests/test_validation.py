"""Bad input is refused at the public boundary with a message that names the argument and
says what was expected; a refused sgd call leaves the network as it was."""
import numpy as np
import pytest

from bpcore import (Network, QuadraticCost, accuracy, backprop, cost_value, gradient_check,
                    numerical_gradient, one_hot, sgd, update_mini_batch)
from reference import params_equal

pytestmark = pytest.mark.filterwarnings("error")

N_IN, N_OUT, N = 4, 3, 6


@pytest.fixture
def net():
    return Network([N_IN, 5, N_OUT], seed=0)


def good_data():
    rng = np.random.default_rng(0)
    X = rng.random((N_IN, N))
    labels = np.array([0, 1, 2, 2, 1, 0])
    return X, labels, one_hot(labels, N_OUT)


# ------------------------------------------------------------------ sizes

@pytest.mark.parametrize("sizes,exc,match", [
    ([3], ValueError, r"at least two layers"),
    ([], ValueError, r"at least two layers"),
    ([3, 0], ValueError, r"sizes\[1\] must be a positive number of neurons, got 0"),
    ([3, 4, -2], ValueError, r"sizes\[2\] must be a positive number of neurons, got -2"),
    ([3, 2.0], TypeError, r"sizes\[1\] must be a positive integer .* got 2\.0"),
    ([3, 2.5], TypeError, r"sizes\[1\] must be a positive integer .* got 2\.5"),
    ([True, 3], TypeError, r"sizes\[0\] must be a positive integer .* got True"),
    ([3, "2"], TypeError, r"sizes\[1\] must be a positive integer .* got '2'"),
    (5, TypeError, r"sizes must be a list of layer sizes"),
    (None, TypeError, r"sizes must be a list of layer sizes"),
])
def test_bad_sizes(sizes, exc, match):
    with pytest.raises(exc, match=match):
        Network(sizes)


def test_bad_dtype_and_init():
    with pytest.raises(TypeError, match=r"dtype must be np.float64 or np.float32, got float16"):
        Network([2, 2], dtype=np.float16)
    with pytest.raises(ValueError, match=r"init must be 'standard' or 'scaled', got 'xavier'"):
        Network([2, 2], init="xavier")


# ------------------------------------------------------------------ from_params

@pytest.mark.parametrize("weights,biases,match", [
    ([np.zeros((3, 4)), np.zeros((2, 2))], [np.zeros(3), np.zeros(2)],
     r"the layers do not chain: w\^3 \(weights\[1\]\) has shape \(2, 2\).*w\^2 has 3 rows"),
    ([np.zeros((3, 4)), np.zeros((2, 3))], [np.zeros(4), np.zeros(2)],
     r"b\^2 \(biases\[0\]\) must have one entry per row of w\^2, shape \(3, 1\); got shape \(4, 1\)"),
    ([np.zeros((3, 4)), np.zeros((2, 3))], [np.zeros(3)],
     r"one weight matrix and one bias vector per layer.*got 2 weight matrices and 1 bias vectors"),
    ([], [], r"got 0 weight matrices and 0 bias vectors"),
    ([np.zeros(3)], [np.zeros(3)], r"w\^2 \(weights\[0\]\) must be 2-D"),
    ([np.full((3, 4), np.nan)], [np.zeros(3)], r"w\^2 or b\^2 contains NaN or infinite values"),
    ([np.zeros((3, 4))], [np.array([0.0, np.inf, 0.0])], r"w\^2 or b\^2 contains NaN or infinite"),
])
def test_from_params_shapes_that_do_not_chain(weights, biases, match):
    with pytest.raises(ValueError, match=match):
        Network.from_params(weights, biases)


def test_layer_index_out_of_range(net):
    with pytest.raises(ValueError, match=r"layer l must be an integer in 2\.\.3 \(layer 1 is the input\), got 1"):
        net.w(1)


# ------------------------------------------------------------------ X and Y, everywhere they enter

BAD_XY = {
    # name: (X, Y, exception, message)
    "examples as rows": (good_data()[0].T, good_data()[1], ValueError,
                         r"X has shape \(6, 4\): it looks like one example per row.*Pass X\.T instead"),
    "X wrong rows": (good_data()[0][:3], good_data()[1], ValueError,
                     r"X must have 4 rows \(one per input neuron\).*got shape \(3, 6\)"),
    "X 3-D": (good_data()[0][..., None], good_data()[1], ValueError, r"X must be 2-D with shape \(4, m\)"),
    "X no examples": (np.zeros((N_IN, 0)), np.zeros((N_OUT, 0)), ValueError, r"X has no examples"),
    "X strings": (np.full((N_IN, N), "a"), good_data()[1], TypeError, r"X must be a numeric array"),
    "X complex": (good_data()[0] + 1j, good_data()[1], TypeError, r"X must be real"),
    "Y wrong rows": (good_data()[0], good_data()[2][:2], ValueError,
                     r"Y must have 3 rows \(one per output neuron\); got shape \(2, 6\)"),
    "Y as rows": (good_data()[0], good_data()[2].T, ValueError,
                  r"got shape \(6, 3\)\. It looks like one target per row: pass Y\.T"),
    "Y mismatched columns": (good_data()[0], good_data()[2][:, :5], ValueError,
                             r"Y has 5 columns but X has 6 examples \(columns\)"),
    "labels mismatched": (good_data()[0], good_data()[1][:5], ValueError,
                          r"Y has 5 labels but X has 6 examples"),
    "X NaN": (np.where(np.eye(N_IN, N, 2) > 0, np.nan, good_data()[0]), good_data()[1], ValueError,
              r"X contains NaN or infinite values \(first at index \(0, 2\)\)"),
    "X inf": (np.where(np.eye(N_IN, N, 1) > 0, -np.inf, good_data()[0]), good_data()[1], ValueError,
              r"X contains NaN or infinite values \(first at index \(0, 1\)\)"),
    "Y NaN": (good_data()[0], np.where(np.eye(N_OUT, N, 3) > 0, np.nan, good_data()[2]), ValueError,
              r"Y contains NaN or infinite values \(first at index \(0, 3\)\)"),
    "Y inf": (good_data()[0], np.where(np.eye(N_OUT, N) > 0, np.inf, good_data()[2]), ValueError,
              r"Y contains NaN or infinite values"),
    "label too big": (good_data()[0], np.array([0, 1, 3, 2, 1, 0]), ValueError,
                      r"must lie in 0\.\.2 \(one per output neuron\), found 3"),
    "label negative": (good_data()[0], np.array([0, 1, -1, 2, 1, 0]), ValueError,
                       r"must lie in 0\.\.2 \(one per output neuron\), found -1"),
    "float labels": (good_data()[0], good_data()[1].astype(float), TypeError,
                     r"Y as a 1-D array must hold integer class labels 0\.\.2.*pass a \(3, m\) array"),
    "Y 3-D": (good_data()[0], good_data()[2][..., None], ValueError, r"Y must have shape \(3, m\)"),
}


@pytest.mark.parametrize("case", BAD_XY)
def test_sgd_refuses_bad_data_and_leaves_the_network(net, case):
    X, Y, exc, match = BAD_XY[case]
    before = net.copy()
    with pytest.raises(exc, match=match):
        sgd(net, X, Y, epochs=1, batch_size=2)
    assert params_equal(net, before)


@pytest.mark.parametrize("case", BAD_XY)
def test_backprop_refuses_bad_data(net, case):
    X, Y, exc, match = BAD_XY[case]
    before = net.copy()
    with pytest.raises(exc, match=match):
        backprop(net, X, Y)
    for f in (cost_value, gradient_check, numerical_gradient):
        with pytest.raises(exc, match=match):
            f(net, X, Y)
    with pytest.raises(exc, match=match):
        update_mini_batch(net, X, Y, 1.0)
    assert params_equal(net, before)


@pytest.mark.parametrize("case", ["examples as rows", "X wrong rows", "X 3-D", "X no examples",
                                  "X strings", "X complex", "X NaN", "X inf"])
def test_feedforward_refuses_bad_x(net, case):
    X, _, exc, match = BAD_XY[case]
    with pytest.raises(exc, match=match):
        net.feedforward(X)


def test_one_example_needs_n_in_entries(net):
    with pytest.raises(ValueError, match=r"X as a 1-D array is one example and needs 4 entries .* got 3"):
        net.feedforward(np.zeros(3))
    with pytest.raises(ValueError, match=r"Y for one example needs 3 entries \(one per output neuron\), got 2"):
        backprop(net, np.zeros(4), np.zeros(2))


def test_accuracy_refuses_bad_labels(net):
    X, labels, _ = good_data()
    with pytest.raises(ValueError, match=r"labels has 5 entries but X has 6 examples"):
        accuracy(net, X, labels[:5])
    with pytest.raises(ValueError, match=r"labels must lie in 0\.\.2 .* found 7"):
        accuracy(net, X, np.array([0, 1, 7, 0, 1, 0]))
    with pytest.raises(ValueError, match=r"labels must be a 1-D array of class labels"):
        accuracy(net, X, one_hot(labels, 3))


def test_one_hot_refuses_bad_input():
    with pytest.raises(ValueError, match=r"labels must lie in 0\.\.2"):
        one_hot([0, 3], 3)
    with pytest.raises(ValueError, match=r"n must be an integer .*1.* got 0"):
        one_hot([0], 0)


def test_unknown_cost(net):
    X, labels, _ = good_data()
    with pytest.raises(ValueError, match=r"cost must be one of \['cross-entropy', 'quadratic'\], got 'ce'"):
        backprop(net, X, labels, cost="ce")
    with pytest.raises(TypeError, match=r"cost must be 'quadratic', 'cross-entropy' or a cost class"):
        sgd(net, X, labels, batch_size=2, cost=3)


# ------------------------------------------------------------------ sgd's numbers

@pytest.mark.parametrize("eta,exc,match", [
    (0, ValueError, r"eta must be a positive finite number, got 0"),
    (0.0, ValueError, r"eta must be a positive finite number, got 0\.0"),
    (-1, ValueError, r"eta must be a positive finite number, got -1"),
    (np.nan, ValueError, r"eta must be a positive finite number, got nan"),
    (np.inf, ValueError, r"eta must be a positive finite number, got inf"),
    (-np.inf, ValueError, r"eta must be a positive finite number, got -inf"),
    ("3", TypeError, r"eta must be a positive number, got '3'"),
    (None, TypeError, r"eta must be a positive number, got None"),
    (True, TypeError, r"eta must be a positive number, got True"),
])
def test_bad_eta(net, eta, exc, match):
    X, labels, Y = good_data()
    before = net.copy()
    with pytest.raises(exc, match=match):
        sgd(net, X, labels, batch_size=2, eta=eta)
    with pytest.raises(exc, match=match):
        update_mini_batch(net, X, Y, eta)
    assert params_equal(net, before)


@pytest.mark.parametrize("batch_size,exc,match", [
    (0, ValueError, r"batch_size must be an integer in 1\.\.6 \(at most n = 6 examples\), got 0"),
    (7, ValueError, r"batch_size must be an integer in 1\.\.6 \(at most n = 6 examples\), got 7"),
    (-1, ValueError, r"batch_size must be an integer in 1\.\.6 .* got -1"),
    (2.5, TypeError, r"batch_size must be an integer .* got 2\.5"),
    (2.0, TypeError, r"batch_size must be an integer .* got 2\.0"),
    (True, TypeError, r"batch_size must be an integer .* got True"),
    ("2", TypeError, r"batch_size must be an integer .* got '2'"),
])
def test_bad_batch_size(net, batch_size, exc, match):
    X, labels, _ = good_data()
    before = net.copy()
    with pytest.raises(exc, match=match):
        sgd(net, X, labels, batch_size=batch_size)
    assert params_equal(net, before)


@pytest.mark.parametrize("epochs,exc,match", [
    (-1, ValueError, r"epochs must be an integer .*0.* got -1"),
    (1.5, TypeError, r"epochs must be an integer .* got 1\.5"),
    (True, TypeError, r"epochs must be an integer .* got True"),
    (None, TypeError, r"epochs must be an integer .* got None"),
])
def test_bad_epochs(net, epochs, exc, match):
    X, labels, _ = good_data()
    before = net.copy()
    with pytest.raises(exc, match=match):
        sgd(net, X, labels, batch_size=2, epochs=epochs)
    assert params_equal(net, before)


def test_numpy_integers_are_accepted(net):
    X, labels, _ = good_data()
    h = sgd(net, X, labels, epochs=np.int64(2), batch_size=np.int32(3), eta=np.float32(0.5))
    assert h.epoch == [1, 2]


@pytest.mark.parametrize("test,exc,match", [
    ((good_data()[0],), TypeError, r"test must be a pair \(X_test, labels_test\)"),
    (good_data()[0], TypeError, r"test must be a pair"),
    ((good_data()[0], good_data()[1][:3]), ValueError, r"labels_test has 3 labels but X_test has 6 columns"),
    ((good_data()[0], good_data()[1] + 1), ValueError, r"labels_test must lie in 0\.\.2 .* found 3"),
    ((good_data()[0].T, good_data()[1]), ValueError, r"X_test has shape \(6, 4\).*Pass X_test\.T instead"),
    ((np.full((N_IN, 2), np.nan), [0, 1]), ValueError, r"X_test contains NaN or infinite values"),
])
def test_bad_test_set(net, test, exc, match):
    X, labels, _ = good_data()
    before = net.copy()
    with pytest.raises(exc, match=match):
        sgd(net, X, labels, batch_size=2, test=test)
    assert params_equal(net, before)


def test_callback_must_be_callable(net):
    X, labels, _ = good_data()
    before = net.copy()
    with pytest.raises(TypeError, match=r"callback must be callable, got 3"):
        sgd(net, X, labels, batch_size=2, callback=3)
    assert params_equal(net, before)


# ------------------------------------------------------------------ known unclear errors

RAGGED = [[1.0, 2.0], [3.0]]


@pytest.mark.parametrize("call", ["feedforward", "backprop", "cost_value", "update_mini_batch"])
def test_ragged_x_gets_the_clear_message(net, call):
    Y = np.zeros((N_OUT, 2))
    f = {"feedforward": lambda: net.feedforward(RAGGED),
         "backprop": lambda: backprop(net, RAGGED, Y),
         "cost_value": lambda: cost_value(net, RAGGED, Y),
         "update_mini_batch": lambda: update_mini_batch(net, RAGGED, Y, 1.0)}[call]
    with pytest.raises(TypeError, match=r"X must be a numeric array"):
        f()


def test_ragged_x_in_forward_and_sgd_gets_the_clear_message(net):
    with pytest.raises(TypeError, match=r"X must be a numeric array"):
        net.forward(RAGGED)
    with pytest.raises(TypeError, match=r"X must be a numeric array"):
        sgd(net, RAGGED, np.zeros((N_OUT, 2)), batch_size=1)


class PlainQuadratic:
    """A user-written cost with the documented interface: value(a, y, z=None), output_error(a, y)."""

    @staticmethod
    def value(a, y, z=None):
        return float(0.5 * np.sum((a - y) ** 2) / a.shape[1])

    @staticmethod
    def output_error(a, y):
        return (a - y) * a * (1 - a)


def test_custom_cost_class_works_in_backprop(net):
    X, labels, Y = good_data()
    for g, h in zip(sum(backprop(net, X, Y, PlainQuadratic), []), sum(backprop(net, X, Y, QuadraticCost), [])):
        np.testing.assert_allclose(g, h, rtol=1e-14)


def test_custom_cost_class_works_in_sgd():
    X, labels, _ = good_data()
    a, b = Network([N_IN, 5, N_OUT]), Network([N_IN, 5, N_OUT])
    sgd(a, X, labels, epochs=2, batch_size=2, cost=PlainQuadratic)
    sgd(b, X, labels, epochs=2, batch_size=2, cost="quadratic")
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_allclose(p, q, rtol=1e-12)
