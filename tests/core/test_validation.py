"""Bad input is refused at the public boundary with a message that names the argument and
says what was expected (never numpy's own message); a refused call leaves the network as it was.
Every public function of the core, and every kind of wrong argument: wrong type, wrong shape,
NaN, bool where an int belongs, a float seed, strings for sizes, ..."""
import numpy as np
import pytest

import bpcore
from bpcore import (
    CrossEntropyCost,
    Monitor,
    Network,
    QuadraticCost,
    accuracy,
    backprop,
    backprop_per_example,
    backpropagate_error,
    bias_gradient,
    central_difference,
    cost_function,
    cost_value,
    deltas,
    gradient_check,
    numerical_gradient,
    one_hot,
    output_error,
    relative_error,
    sgd,
    sigmoid,
    sigmoid_prime,
    sigmoid_prime_from_activation,
    update_mini_batch,
    validate,
    weight_gradient,
)
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
    ("784,30,10", TypeError, r"sizes must be a list of layer sizes like \[784, 30, 10\], got '784,30,10'"),
    ("23", TypeError, r"sizes must be a list of layer sizes"),
    (["784", "10"], TypeError, r"sizes\[0\] must be a positive integer .* got '784'"),
    ([3, None], TypeError, r"sizes\[1\] must be a positive integer .* got None"),
    (np.array([3.0, 2.0]), TypeError, r"sizes\[0\] must be a positive integer"),
    ([np.bool_(True), 2], TypeError, r"sizes\[0\] must be a positive integer"),
])
def test_bad_sizes(sizes, exc, match):
    with pytest.raises(exc, match=match):
        Network(sizes)


@pytest.mark.parametrize("dtype,given", [(np.float16, "float16"), (np.int64, "int64"), (int, "int64"),
                                         ("bogus", "'bogus'"), (None, "None"), (3.5, "3.5")])
def test_bad_dtype(dtype, given):
    with pytest.raises(TypeError, match=rf"dtype must be np.float64 or np.float32, got {given}"):
        Network([2, 2], dtype=dtype)
    with pytest.raises(TypeError, match=r"dtype must be np.float64 or np.float32"):
        Network.from_params([np.zeros((2, 2))], [np.zeros(2)], dtype=dtype)


@pytest.mark.parametrize("init", ["xavier", None, 3, ["standard"]])
def test_bad_init(init):
    with pytest.raises(ValueError, match=r"init must be 'standard' or 'scaled', got "):
        Network([2, 2], init=init)


@pytest.mark.parametrize("seed,exc,match", [
    (1.5, TypeError, r"seed must be an integer >= 0 or a numpy.random.Generator, got 1\.5"),
    (2.0, TypeError, r"seed must be an integer >= 0 .* got 2\.0"),
    (True, TypeError, r"seed must be an integer >= 0 .* got True"),
    ("0", TypeError, r"seed must be an integer >= 0 .* got '0'"),
    (None, TypeError, r"got None \(without a seed a result could not be repeated\)"),
    (-1, ValueError, r"seed must be an integer >= 0, got -1"),
    ([1, 2], TypeError, r"seed must be an integer"),
])
def test_bad_seed(net, seed, exc, match):
    with pytest.raises(exc, match=match):
        Network([2, 2], seed=seed)
    X, labels, _ = good_data()
    before = net.copy()
    with pytest.raises(exc, match=match):
        sgd(net, X, labels, batch_size=2, seed=seed)
    assert params_equal(net, before)


def test_numpy_integer_seed_and_generator_are_accepted():
    assert params_equal(Network([3, 2], seed=np.int64(4)), Network([3, 2], seed=4))
    assert params_equal(Network([3, 2], seed=np.random.default_rng(4)), Network([3, 2], seed=4))


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
    ([np.zeros((0, 4))], [np.zeros(0)], r"w\^2 \(weights\[0\]\) has no entries"),
])
def test_from_params_shapes_that_do_not_chain(weights, biases, match):
    with pytest.raises(ValueError, match=match):
        Network.from_params(weights, biases)


@pytest.mark.parametrize("weights,biases,exc,match", [
    (None, [np.zeros(3)], TypeError, r"weights must be a list with one array per layer l = 2\.\.L.*got NoneType"),
    (np.zeros((3, 4)), [np.zeros(3)], TypeError, r"weights must be a list .* got ndarray"),
    ([np.zeros((3, 4))], np.zeros(3), TypeError, r"biases must be a list .* got ndarray"),
    ([[[1.0, 2.0], [3.0]]], [np.zeros(2)], TypeError, r"w\^2 \(weights\[0\]\) must be a numeric array"),
    ([np.full((2, 2), "a")], [np.zeros(2)], TypeError, r"w\^2 \(weights\[0\]\) must be a numeric array"),
    ([np.zeros((2, 2)) + 1j], [np.zeros(2)], TypeError, r"w\^2 \(weights\[0\]\) must be real"),
    ([np.zeros((2, 2), bool)], [np.zeros(2)], TypeError, r"w\^2 \(weights\[0\]\) must be a numeric array"),
    ([np.zeros((2, 2))], [["a", "b"]], TypeError, r"b\^2 \(biases\[0\]\) must be a numeric array"),
])
def test_from_params_refuses_what_is_not_a_list_of_numeric_arrays(weights, biases, exc, match):
    with pytest.raises(exc, match=match):
        Network.from_params(weights, biases)


@pytest.mark.parametrize("l", [1, 4, 0, -1, 2.0, True, "2", None])
def test_layer_index_out_of_range(net, l):
    for f in (net.w, net.b):
        with pytest.raises(ValueError, match=rf"layer l must be an integer in 2\.\.3 \(layer 1 is the input\), got {l!r}"):
            f(l)
    forward_pass = net.forward(good_data()[0])
    with pytest.raises(ValueError, match=rf"l for z\^l must be an integer in 2\.\.3 .* got {l!r}"):
        forward_pass.z(l)
    if l not in (1, 2.0, True):
        with pytest.raises(ValueError, match=rf"l for a\^l must be an integer in 1\.\.3, got {l!r}"):
            forward_pass.a(l)


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
    for f in (cost_value, cost_function, gradient_check, numerical_gradient, backprop_per_example, deltas,
              validate.batch):
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
    for n in (2.0, True, "3", None):
        with pytest.raises(TypeError, match=rf"n must be an integer \(number of classes\), got {n!r}"):
            one_hot([0, 1], n)
    with pytest.raises(TypeError, match=r"labels must hold integer class labels"):
        one_hot([0, 1.5], 3)
    with pytest.raises(TypeError, match=r"labels must hold integer class labels"):
        one_hot([0, np.nan], 3)
    with pytest.raises(TypeError, match=r"labels must be a numeric array"):
        one_hot(["0", "1"], 3)


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


@pytest.mark.parametrize("value", ["yes", 1, None, np.array([True])])
def test_sgd_flags_must_be_bools(net, value):
    X, labels, _ = good_data()
    before = net.copy()
    with pytest.raises(TypeError, match=r"per_example must be True or False, got "):
        sgd(net, X, labels, batch_size=2, per_example=value)
    for flag in ("train_cost", "batch_costs", "from_start"):
        with pytest.raises(TypeError, match=rf"{flag} must be True or False, got "):
            sgd(net, X, labels, batch_size=2, monitor=Monitor(**{flag: value}))
    assert params_equal(net, before)


def test_sgd_refuses_a_bad_cost_before_touching_the_network(net):
    X, labels, _ = good_data()
    before = net.copy()
    with pytest.raises(ValueError, match=r"cost must be one of"):
        sgd(net, X, labels, batch_size=2, cost="mse")
    assert params_equal(net, before)


def test_monitor_must_be_a_monitor_with_a_callable_after_epoch(net):
    X, labels, _ = good_data()
    before = net.copy()
    with pytest.raises(TypeError, match=r"after_epoch must be a function of the history \(or None\), got 3"):
        sgd(net, X, labels, batch_size=2, monitor=Monitor(after_epoch=3))
    with pytest.raises(TypeError, match=r"monitor must be a bpcore.Monitor, e.g. Monitor\(train_cost=False\), got"):
        sgd(net, X, labels, batch_size=2, monitor=lambda history: None)
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


def test_custom_cost_class_gets_the_training_loops_interface():
    cost = bpcore.get_cost(PlainQuadratic)
    a, y = np.full((2, 3), 0.25), np.ones((2, 3))
    out = np.zeros((2, 3))
    delta, value = cost.output_error_and_value(a, y, None, out=out, scratch=None)
    assert delta is out and np.array_equal(out, PlainQuadratic.output_error(a, y))
    assert value == PlainQuadratic.value(a, y)
    assert cost.__name__ == "PlainQuadratic" and bpcore.get_cost(QuadraticCost) is QuadraticCost


def test_custom_cost_class_works_in_sgd():
    X, labels, _ = good_data()
    a, b = Network([N_IN, 5, N_OUT]), Network([N_IN, 5, N_OUT])
    sgd(a, X, labels, epochs=2, batch_size=2, cost=PlainQuadratic)
    sgd(b, X, labels, epochs=2, batch_size=2, cost="quadratic")
    for p, q in zip(a.weights + a.biases, b.weights + b.biases):
        np.testing.assert_allclose(p, q, rtol=1e-12)


# ------------------------------------------------------------------ σ and σ′

@pytest.mark.parametrize("z,match", [("a", r"z must be a number or an array of numbers, got dtype <U1"),
                                     (None, r"z must be a number or an array of numbers, got NoneType"),
                                     ([1.0, "a"], r"got dtype <U32"),
                                     ([1.0, None], r"got dtype object"),
                                     (np.array([True, False]), r"got dtype bool"),
                                     (1 + 2j, r"got dtype complex128")])
def test_sigmoid_refuses_what_is_not_a_number(z, match):
    for f in (sigmoid, sigmoid_prime):
        with pytest.raises(TypeError, match=match):
            f(z)


def test_sigmoid_prime_from_activation_names_the_likely_slip():
    with pytest.raises(ValueError, match=r"a must hold activations a = σ\(z\), which lie in \[0, 1\]; "
                                         r"found 2\.5.*Was it the weighted input z\? Then use sigmoid_prime\(z\)"):
        sigmoid_prime_from_activation(np.array([0.5, 2.5]))
    with pytest.raises(TypeError, match=r"a must be an array of activations"):
        sigmoid_prime_from_activation("0.5")
    assert sigmoid_prime_from_activation(0.5) == 0.25


# ------------------------------------------------------------------ BP1-BP4 called by hand

def test_the_equations_refuse_shapes_that_do_not_fit():
    w = np.ones((2, 3))                         # w^{l+1}: n_{l+1} = 2, n_l = 3
    delta, sp = np.ones((2, 4)), np.full((3, 4), 0.25)
    with pytest.raises(ValueError, match=r"output_error: nabla_a and sigma_prime_z .* same shape; got \(2, 4\) and \(2, 1\)"):
        output_error(delta, np.ones((2, 1)))       # numpy would broadcast it silently
    with pytest.raises(ValueError, match=r"backpropagate_error: w_next is w\^\(l\+1\), shape .* = \(2, 3\), so delta_next "
                                         r"needs 2 rows .* got delta_next \(3, 4\)"):
        backpropagate_error(w, np.ones((3, 4)), sp)
    with pytest.raises(ValueError, match=r"sigma_prime_z the shape \(3, m\) of z\^l; got .* sigma_prime_z \(3, 1\)"):
        backpropagate_error(w, delta, np.ones((3, 1)))
    with pytest.raises(ValueError, match=r"backpropagate_error: delta_next must be 2-D, one column per example"):
        backpropagate_error(w, np.ones(2), sp)
    with pytest.raises(ValueError, match=r"bias_gradient: delta must be 2-D, .* delta\.reshape\(-1, 1\)"):
        bias_gradient(np.ones(3))
    with pytest.raises(ValueError, match=r"weight_gradient: delta \(δ\^l\) and a_prev \(a\^\(l-1\)\) need one column per "
                                         r"example each, the same m; got shapes \(2, 4\) and \(3, 5\)"):
        weight_gradient(delta, np.ones((3, 5)))
    with pytest.raises(ValueError, match=r"weight_gradient: a_prev must be 2-D"):
        weight_gradient(delta, np.ones(3))


def test_the_equations_refuse_what_is_not_an_array():
    with pytest.raises(TypeError, match=r"backpropagate_error: w_next must be a numpy array of numbers, got list; "
                                        r"convert it with np.asarray\(w_next, dtype=float\)"):
        backpropagate_error([[1.0]], np.ones((1, 1)), np.ones((1, 1)))
    with pytest.raises(TypeError, match=r"output_error: sigma_prime_z must be a numpy array of numbers, got dtype <U1"):
        output_error(np.ones(2), np.array(["a", "b"]))
    with pytest.raises(TypeError, match=r"bias_gradient: delta must be a numpy array of numbers, got dtype bool"):
        bias_gradient(np.ones((2, 2), bool))


@pytest.mark.parametrize("cost", [QuadraticCost, CrossEntropyCost])
def test_the_costs_refuse_shapes_that_do_not_fit(cost):
    a, y = np.full((3, 4), 0.5), np.ones((3, 4))
    name = cost.__name__
    with pytest.raises(ValueError, match=rf"{name}.value: a \(a\^L\), y and z .* same shape \(n_L, m\).* y of shape \(3, 1\)"):
        cost.value(a, np.ones((3, 1)))
    with pytest.raises(ValueError, match=rf"{name}.value: .* z of shape \(4, 3\)"):
        cost.value(a, y, z=np.zeros((4, 3)))
    with pytest.raises(ValueError, match=rf"{name}.output_error: a must be 2-D, one column per example .* got shape \(3,\)"):
        cost.output_error(np.full(3, 0.5), np.ones(3))
    with pytest.raises(TypeError, match=rf"{name}.output_error: y must be a numpy array of numbers, got list"):
        cost.output_error(a, [[1.0] * 4] * 3)


# ------------------------------------------------------------------ central differences

@pytest.mark.parametrize("eps,exc", [(0, ValueError), (-1e-5, ValueError), (np.nan, ValueError),
                                     ("1e-5", TypeError), (True, TypeError)])
def test_bad_eps(net, eps, exc):
    X, labels, _ = good_data()
    before = net.copy()
    for f in (numerical_gradient, gradient_check):
        with pytest.raises(exc, match=r"eps must be a positive"):
            f(net, X, labels, eps=eps)
    with pytest.raises(exc, match=r"eps must be a positive"):
        central_difference(lambda: 0.0, net.w(2), (0, 0), eps)
    assert params_equal(net, before)


def test_central_difference_refuses_bad_arguments(net):
    with pytest.raises(TypeError, match=r"array must be a numpy array of floats \(the one f reads\), got int64"):
        central_difference(lambda: 0.0, np.arange(3), 0)
    with pytest.raises(TypeError, match=r"array must be a numpy array of floats .* got list"):
        central_difference(lambda: 0.0, [1.0, 2.0], 0)
    with pytest.raises(IndexError, match=r"index \(9, 0\) is not an entry of an array of shape \(5, 4\)"):
        central_difference(lambda: 0.0, net.w(2), (9, 0))
    with pytest.raises(IndexError, match=r"index 0 must pick one entry of an array of shape \(5, 4\), not a slice"):
        central_difference(lambda: 0.0, net.w(2), 0)
    with pytest.raises(TypeError, match=r"f must be a function of no arguments"):
        central_difference(0.0, net.w(2), (0, 0))


@pytest.mark.parametrize("exc", [RuntimeError, KeyboardInterrupt])
def test_central_difference_restores_the_entry_when_f_raises(net, exc):
    before = net.copy()
    calls = []

    def f():
        calls.append(float(net.w(2)[1, 2]))
        if len(calls) == 2:
            raise exc("stop")
        return 0.0

    with pytest.raises(exc):
        central_difference(f, net.w(2), (1, 2), 0.5)
    assert calls == [before.w(2)[1, 2] + 0.5, before.w(2)[1, 2] - 0.5]   # it was nudged both ways
    assert params_equal(net, before)                                     # and put back exactly


def test_central_difference_is_the_slope_along_one_entry():
    p = np.array([0.0, 2.0])
    # f = p_0² + 3 p_1: ∂f/∂p_1 = 3 exactly for any ε; ∂f/∂p_0 at 0 is 0 by symmetry
    assert central_difference(lambda: p[0] ** 2 + 3 * p[1], p, 1, 0.25) == pytest.approx(3.0, rel=1e-14)
    assert central_difference(lambda: p[0] ** 2 + 3 * p[1], p, 0, 0.25) == 0.0
    assert p.tolist() == [0.0, 2.0]


def test_relative_error_refuses_bad_arguments():
    with pytest.raises(ValueError, match=r"a and b must have the same shape, got \(2,\) and \(3,\)"):
        relative_error([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"b contains NaN or infinite values"):
        relative_error([1.0, 2.0], [1.0, np.nan])
    with pytest.raises(TypeError, match=r"a must be a numeric array"):
        relative_error("12", [1.0, 2.0])
    assert relative_error([0.0], [0.0]) == 0.0 and relative_error([1.0], [-1.0]) == 1.0
    assert relative_error([np.ones(2), np.zeros(1)], [np.ones(2), np.zeros(1)]) == 0.0


# ------------------------------------------------------------------ the checks offered to other code

def test_validate_offers_the_checks_of_the_core(net):
    X, labels, Y = good_data()
    X_checked, Y_checked = validate.batch(net, X, labels)
    np.testing.assert_array_equal(Y_checked, Y)
    assert validate.inputs(net, X[:, 0]).shape == (N_IN, 1)
    with pytest.raises(ValueError, match=r"x has shape \(6, 4\): it looks like one example per row.*Pass x\.T"):
        validate.inputs(net, X.T, name="x")
    np.testing.assert_array_equal(validate.labels(net, [0, 2]), [0, 2])
    with pytest.raises(TypeError, match=r"steps must be an integer \(number of updates\), got 2\.5"):
        validate.integer("steps", 2.5, 0, meaning=" (number of updates)")
    with pytest.raises(ValueError, match=r"m must be an integer in 1\.\.12, got 13"):
        validate.integer("m", 13, 1, 12)
    with pytest.raises(ValueError, match=r"eta must be a positive finite number, got -1"):
        validate.positive_number("eta", -1)
    assert isinstance(validate.seed(3), np.random.Generator)


def test_the_public_names_are_all_there():
    for name in bpcore.__all__:
        assert hasattr(bpcore, name), name
