"""The four equations on hand-computed cases, the lecture's worked example, the costs, and
backprop against two independent references: central differences on many random networks,
and the lecture's algorithm written out with Python loops and math.exp."""
import math

import numpy as np
import pytest

import bpcore
from bpcore import (
    CrossEntropyCost,
    Network,
    QuadraticCost,
    backprop,
    backprop_per_example,
    backpropagate_error,
    bias_gradient,
    cost_value,
    deltas,
    gradient_check,
    numerical_gradient,
    output_error,
    weight_gradient,
)
from reference import B2, B3, W2, W3, params_equal, sigmoid_ref

pytestmark = pytest.mark.filterwarnings("error")

COSTS = ["quadratic", "cross-entropy"]


def lecture_gradient(weights, biases, x, y, cost="quadratic"):
    """∂C_x/∂b^l and ∂C_x/∂w^l for ONE example, the lecture's algorithm with scalar loops:
    feedforward; δ^L_j = ∂C/∂a^L_j σ′(z^L_j); δ^l_j = Σ_k w^{l+1}_{kj} δ^{l+1}_k σ′(z^l_j);
    ∂C/∂b^l_j = δ^l_j; ∂C/∂w^l_{jk} = a^{l-1}_k δ^l_j."""
    W = [np.asarray(w).tolist() for w in weights]
    B = [np.ravel(b).tolist() for b in biases]
    acts = [[float(v) for v in x]]
    for w, b in zip(W, B):
        acts.append([sigmoid_ref(sum(w[j][k] * acts[-1][k] for k in range(len(acts[-1]))) + b[j])
                     for j in range(len(w))])
    sp = [[a * (1 - a) for a in layer] for layer in acts]          # σ′(z) = σ(z)(1 − σ(z))
    aL = acts[-1]
    if cost == "quadratic":
        delta = [(aL[j] - y[j]) * sp[-1][j] for j in range(len(aL))]
    else:                                                          # ∇_a C ⊙ σ′ cancels to a − y
        delta = [aL[j] - y[j] for j in range(len(aL))]
    grad_b, grad_w = [None] * len(W), [None] * len(W)
    for i in range(len(W) - 1, -1, -1):                            # i = l − 2
        a_prev = acts[i]
        grad_b[i] = list(delta)
        grad_w[i] = [[a_prev[k] * delta[j] for k in range(len(a_prev))] for j in range(len(delta))]
        if i:
            delta = [sum(W[i][k][j] * delta[k] for k in range(len(delta))) * sp[i][j]
                     for j in range(len(a_prev))]
    return grad_b, grad_w


def random_case(rng, case):
    """A random architecture (2-5 layers, 1-8 neurons each), batch (m = 1..6) and targets in [0, 1]."""
    sizes = [int(n) for n in rng.integers(1, 9, size=rng.integers(2, 6))]
    m = int(rng.integers(1, 7))
    net = Network(sizes, seed=case)
    return net, rng.random((sizes[0], m)), rng.random((sizes[-1], m))


# ------------------------------------------------------------------ BP1-BP4 by hand

def test_hadamard_example_from_the_lecture():
    # [4, 2] ⊙ [5, 7] = [20, 14]
    np.testing.assert_array_equal(output_error(np.array([4.0, 2.0]), np.array([5.0, 7.0])), [20.0, 14.0])


def test_bp1_output_error_by_hand():
    nabla_a = np.array([[0.5, -1.0], [2.0, 0.25]])
    sp = np.array([[0.25, 0.1], [0.2, 0.16]])
    # element-wise: 0.5·0.25 = 0.125, -1·0.1 = -0.1, 2·0.2 = 0.4, 0.25·0.16 = 0.04
    np.testing.assert_allclose(output_error(nabla_a, sp), [[0.125, -0.1], [0.4, 0.04]], rtol=1e-15)


def test_bp2_backpropagate_error_by_hand():
    w_next = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0]])       # w^{l+1}: 2 × 3
    delta_next = np.array([[0.2], [0.4]])                        # δ^{l+1}
    sp = np.array([[0.25], [0.5], [0.1]])                        # σ′(z^l)
    # (w^{l+1})^T δ^{l+1} = [1·0.2 + (-1)·0.4, 2·0.2 + 0.5·0.4, 3·0.2 + 0·0.4] = [-0.2, 0.6, 0.6]
    # ⊙ σ′(z^l) = [-0.2·0.25, 0.6·0.5, 0.6·0.1] = [-0.05, 0.3, 0.06]
    np.testing.assert_allclose(backpropagate_error(w_next, delta_next, sp), [[-0.05], [0.3], [0.06]], rtol=1e-14)


def test_bp2_with_a_batch_is_per_column():
    w_next = np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 0.0]])
    delta_next = np.array([[0.2, 1.0], [0.4, -2.0]])
    sp = np.array([[0.25, 1.0], [0.5, 1.0], [0.1, 1.0]])
    # second column: (w^T [1, -2]) ⊙ 1 = [1 + 2, 2 - 1, 3 + 0] = [3, 1, 3]
    np.testing.assert_allclose(backpropagate_error(w_next, delta_next, sp),
                               [[-0.05, 3.0], [0.3, 1.0], [0.06, 3.0]], rtol=1e-14)


def test_bp3_bias_gradient_sums_the_batch():
    delta = np.array([[1.0, 2.0, -0.5], [0.0, -3.0, 4.0]])
    # Σ_x δ^x: [1 + 2 - 0.5, 0 - 3 + 4] = [2.5, 1], as a column
    g = bias_gradient(delta)
    assert g.shape == (2, 1)
    np.testing.assert_array_equal(g, [[2.5], [1.0]])
    np.testing.assert_array_equal(bias_gradient(np.array([[0.3], [-0.7]])), [[0.3], [-0.7]])  # one example: δ


def test_bp4_weight_gradient_by_hand():
    delta = np.array([[1.0, 2.0], [-1.0, 0.5]])                 # δ^l, 2 neurons × 2 examples
    a_prev = np.array([[0.5, 1.0], [0.25, 0.0], [2.0, -1.0]])   # a^{l-1}, 3 neurons × 2 examples
    # Σ_x δ^x (a^x)^T, entry [j, k] = Σ_x δ_j^x a_k^x:
    #   [0,0] = 1·0.5 + 2·1 = 2.5    [0,1] = 1·0.25 + 2·0 = 0.25   [0,2] = 1·2 + 2·(-1) = 0
    #   [1,0] = -0.5 + 0.5 = 0       [1,1] = -0.25 + 0 = -0.25     [1,2] = -2 - 0.5 = -2.5
    g = weight_gradient(delta, a_prev)
    assert g.shape == (2, 3)
    np.testing.assert_allclose(g, [[2.5, 0.25, 0.0], [0.0, -0.25, -2.5]], rtol=1e-15, atol=0)


def test_bp4_one_example_is_a_in_times_delta_out():
    delta = np.array([[0.1], [-0.2]])
    a_prev = np.array([[0.3], [0.9], [0.5]])
    np.testing.assert_allclose(weight_gradient(delta, a_prev),
                               [[0.03, 0.09, 0.05], [-0.06, -0.18, -0.1]], rtol=1e-14)


def test_tiny_network_gradient_by_hand():
    # 1-1-1 network, w^2 = 0, b^2 = 0, w^3 = 2, b^3 = -1, x = 3, y = 1. Every number is exact:
    #   z^2 = 0·3 + 0 = 0, a^2 = σ(0) = 1/2, σ′(z^2) = 1/4
    #   z^3 = 2·(1/2) - 1 = 0, a^3 = 1/2, σ′(z^3) = 1/4
    # quadratic: δ^3 = (a^3 - y) σ′(z^3) = (-1/2)(1/4) = -1/8
    #            δ^2 = w^3 δ^3 σ′(z^2) = 2·(-1/8)·(1/4) = -1/16
    #            ∂C/∂w^3 = a^2 δ^3 = -1/16, ∂C/∂b^3 = -1/8, ∂C/∂w^2 = x δ^2 = -3/16, ∂C/∂b^2 = -1/16
    net = Network.from_params([[[0.0]], [[2.0]]], [[0.0], [-1.0]])
    x, y = np.array([3.0]), np.array([1.0])
    nb, nw = backprop(net, x, y, "quadratic")
    assert [b.item() for b in nb] == [-1 / 16, -1 / 8]
    assert [w.item() for w in nw] == [-3 / 16, -1 / 16]
    ds, fp = deltas(net, x, y)
    assert [d.item() for d in ds] == [-1 / 16, -1 / 8]
    assert fp.z(3).item() == 0.0 and fp.a(2).item() == 0.5
    # cross-entropy: δ^3 = a^3 - y = -1/2; δ^2 = 2·(-1/2)·(1/4) = -1/4
    #                ∂C/∂w^3 = (1/2)(-1/2) = -1/4, ∂C/∂w^2 = 3·(-1/4) = -3/4
    nb, nw = backprop(net, x, y, "cross-entropy")
    assert [b.item() for b in nb] == [-1 / 4, -1 / 2]
    assert [w.item() for w in nw] == [-3 / 4, -1 / 4]


def test_tiny_network_batch_is_the_mean():
    # the same net with two examples: x = 3, y = 1 (gradients above) and x = 1, y = 0:
    #   z^2 = 0, a^2 = 1/2, z^3 = 0, a^3 = 1/2; δ^3 = (1/2)(1/4) = 1/8, δ^2 = 2(1/8)(1/4) = 1/16
    #   ∂C_x/∂w^3 = 1/16, ∂C_x/∂b^3 = 1/8, ∂C_x/∂w^2 = 1·1/16, ∂C_x/∂b^2 = 1/16
    # mean over the two: b^2: (-1/16 + 1/16)/2 = 0, b^3: 0, w^2: (-3/16 + 1/16)/2 = -1/16, w^3: 0
    net = Network.from_params([[[0.0]], [[2.0]]], [[0.0], [-1.0]])
    nb, nw = backprop(net, np.array([[3.0, 1.0]]), np.array([[1.0, 0.0]]))
    assert [b.item() for b in nb] == [0.0, 0.0]
    assert [w.item() for w in nw] == [-1 / 16, 0.0]


# ------------------------------------------------------------------ the lecture's worked example

@pytest.fixture
def lecture_net():
    return Network.from_params([W2, W3], [B2, B3])


def test_lecture_example_errors(lecture_net):
    x = y = np.array([1.0, 1.0])
    ds, fp = deltas(lecture_net, x, y)
    delta2, delta3 = ds[0].ravel(), ds[1].ravel()
    # δ^3 = (a^3 - y) ⊙ σ′(z^3) = [-0.105368, -0.049177]; the slide: [-0.1054, -0.0492]
    np.testing.assert_allclose(delta3, [-0.1054, -0.0492], rtol=0, atol=5e-5)
    # δ^2 = ((w^3)^T δ^3) ⊙ σ′(z^2) = [0.003335, -0.005425, -0.005283]; the slide: [0.0033, -0.0054, -0.0053]
    np.testing.assert_allclose(delta2, [0.0033, -0.0054, -0.0053], rtol=0, atol=5e-5)
    # to full precision against the scalar-loop algorithm
    ref_b, _ = lecture_gradient([W2, W3], [B2, B3], [1.0, 1.0], [1.0, 1.0])
    np.testing.assert_allclose(delta3, ref_b[1], rtol=1e-13)
    np.testing.assert_allclose(delta2, ref_b[0], rtol=1e-13)


def test_lecture_example_gradients(lecture_net):
    x = y = np.array([1.0, 1.0])
    nb, nw = backprop(lecture_net, x, y)
    dw3 = nw[1]
    # ∂C/∂w^3_{jk} = a^2_k δ^3_j, with a^2 = [0.2932, 0.3252, 0.5523], δ^3 = [-0.1054, -0.0492]:
    #   row 1: 0.2932·(-0.1054) = -0.0309, 0.3252·(-0.1054) = -0.0343, 0.5523·(-0.1054) = -0.0582
    #   row 2: 0.2932·(-0.0492) = -0.0144, 0.3252·(-0.0492) = -0.0160, 0.5523·(-0.0492) = -0.0272
    np.testing.assert_allclose(dw3, [[-0.031, -0.034, -0.058], [-0.014, -0.016, -0.027]], rtol=0, atol=5e-4)
    # the slide prints -0.0098 for ∂C/∂w^3_{13}; a^2_3 δ^3_1 = 0.5523·(-0.1054) = -0.058 is right
    assert abs(dw3[0, 2] - (-0.0098)) > 0.04
    # ∂C/∂w^2_{jk} = a^1_k δ^2_j = δ^2_j because x = [1, 1]: both columns equal δ^2
    np.testing.assert_allclose(nw[0], [[0.0033, 0.0033], [-0.0054, -0.0054], [-0.0053, -0.0053]], rtol=0, atol=5e-5)
    np.testing.assert_array_equal(nw[0][:, 0], nw[0][:, 1])
    # ∂C/∂b^l = δ^l
    ds, _ = deltas(lecture_net, x, y)
    np.testing.assert_array_equal(nb[0], ds[0])
    np.testing.assert_array_equal(nb[1], ds[1])
    # and central differences agree, with the default ε
    assert gradient_check(lecture_net, x, y) < 1e-7
    assert gradient_check(lecture_net, x, y, "cross-entropy") < 1e-7


# ------------------------------------------------------------------ costs

def test_quadratic_value_by_hand():
    a = np.array([[0.2, 0.6], [0.9, 0.5]])
    y = np.array([[0.0, 1.0], [1.0, 0.0]])
    # column 1: (0.2² + 0.1²)/2 = 0.025; column 2: (0.4² + 0.5²)/2 = 0.205; mean = 0.115
    assert QuadraticCost.value(a, y) == pytest.approx(0.115, rel=1e-14)


def test_quadratic_output_error_by_hand():
    a = np.array([[0.2], [0.9]])
    y = np.array([[0.0], [1.0]])
    # (a - y) ⊙ a(1 - a): 0.2·0.2·0.8 = 0.032; (-0.1)·0.9·0.1 = -0.009
    np.testing.assert_allclose(QuadraticCost.output_error(a, y), [[0.032], [-0.009]], rtol=1e-14)


def test_cross_entropy_output_error_is_a_minus_y():
    a = np.array([[0.2, 0.999999], [0.9, 1e-9]])
    y = np.array([[0.0, 0.0], [1.0, 1.0]])
    np.testing.assert_array_equal(CrossEntropyCost.output_error(a, y), a - y)


@pytest.mark.parametrize("cost", [QuadraticCost, CrossEntropyCost])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_output_error_and_value_is_bp1_and_the_value_together(cost, dtype):
    rng = np.random.default_rng(5)
    z = rng.normal(0, 3, size=(4, 6)).astype(dtype)
    z[0, 0] = 800                                     # one saturated neuron: a = 1 exactly
    a = np.vectorize(sigmoid_ref)(z).astype(dtype)
    y = rng.random((4, 6)).astype(dtype)
    out, scratch = np.zeros_like(a), np.zeros_like(a)
    delta, value = cost.output_error_and_value(a, y, z, out=out, scratch=scratch)
    assert delta is out
    np.testing.assert_array_equal(delta, cost.output_error(a, y))        # the same bits as BP1 alone
    assert value == pytest.approx(cost.value(a, y, z=z), rel=1e-12 if dtype == np.float64 else 1e-5)
    assert np.isfinite(value)


def test_cross_entropy_value_matches_direct_formula():
    rng = np.random.default_rng(3)
    z = rng.normal(0, 3, size=(4, 5))
    y = rng.random((4, 5))
    y[:, 0] = [0, 1, 0, 1]
    a = np.vectorize(sigmoid_ref)(z)
    # C = (1/m) Σ_x -Σ_j [y ln a + (1 - y) ln(1 - a)], safe here since no a is 0 or 1
    direct = sum(-(y[j, x] * math.log(a[j, x]) + (1 - y[j, x]) * math.log(1 - a[j, x]))
                 for j in range(4) for x in range(5)) / 5
    assert CrossEntropyCost.value(a, y, z=z) == pytest.approx(direct, rel=1e-12)
    assert CrossEntropyCost.value(a, y) == pytest.approx(direct, rel=1e-12)


def test_cross_entropy_by_hand():
    # a = 1/2 for y = 1: -ln(1/2) = ln 2; a = σ(ln 3) = 3/4 for y = 0: -ln(1/4) = ln 4
    z = np.array([[0.0], [math.log(3.0)]])
    a = np.array([[0.5], [0.75]])
    y = np.array([[1.0], [0.0]])
    assert CrossEntropyCost.value(a, y, z=z) == pytest.approx(math.log(2) + math.log(4), rel=1e-14)


def test_cross_entropy_finite_at_saturation():
    z = np.array([[1000.0, -1000.0, 1000.0], [-1000.0, 1000.0, -1000.0]])
    a = np.vectorize(sigmoid_ref)(z)                 # exactly 0 and 1
    y = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])
    # columns 1 and 2 are confidently wrong twice: -ln σ(-1000) = 1000 each; column 3 is right: 0
    # C = (2000 + 2000 + 0) / 3
    assert CrossEntropyCost.value(a, y, z=z) == pytest.approx(4000 / 3, rel=1e-14)
    # a network saturated the wrong way costs a large finite amount
    net = Network.from_params([[[1000.0]]], [[0.0]])
    assert cost_value(net, np.array([1.0]), np.array([0.0]), "cross-entropy") == pytest.approx(1000.0, rel=1e-14)
    assert cost_value(net, np.array([1.0]), np.array([1.0]), "cross-entropy") == 0.0


def test_cost_value_uses_the_named_cost():
    net = Network([3, 4, 2], seed=1)
    X = np.random.default_rng(0).random((3, 5))
    Y = np.random.default_rng(1).random((2, 5))
    fp = net.forward(X)
    A = fp.a(3)
    assert cost_value(net, X, Y) == pytest.approx(0.5 * np.sum((A - Y) ** 2) / 5, rel=1e-13)
    direct = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / 5
    assert cost_value(net, X, Y, "cross-entropy") == pytest.approx(direct, rel=1e-12)
    assert cost_value(net, X, Y, CrossEntropyCost) == cost_value(net, X, Y, "cross-entropy")


# ------------------------------------------------------------------ backprop vs references

@pytest.mark.parametrize("cost", COSTS)
def test_backprop_passes_gradient_check_on_random_networks(cost):
    rng = np.random.default_rng(2020 if cost == "quadratic" else 2021)
    worst = 0.0
    for case in range(40):
        net, X, Y = random_case(rng, case)
        # ε = 1e-5 is near the best step for central differences in float64, (u·C/C''')^{1/3};
        # with the default 1e-6, round-off (≈ u·C/ε) dominates layers whose gradient is ~1e-5
        # small (behind a 1-neuron layer) and the relative error creeps up to ~1e-6
        err = gradient_check(net, X, Y, cost, eps=1e-5)
        assert err < 1e-6, (net.sizes, X.shape[1], err)
        worst = max(worst, err)
    assert worst > 0.0                      # the check compared something


@pytest.mark.parametrize("cost", COSTS)
def test_backprop_matches_numerical_gradient_entrywise(cost):
    rng = np.random.default_rng(77 if cost == "quadratic" else 78)
    for case in range(30):
        net, X, Y = random_case(rng, case)
        bp_b, bp_w = backprop(net, X, Y, cost)
        fd_b, fd_w = numerical_gradient(net, X, Y, cost)
        # central differences with ε = 1e-6: round-off ≈ u·C/ε ≈ 1e-10·C, truncation ≈ ε² ≈ 1e-12
        atol = 1e-8 * max(1.0, cost_value(net, X, Y, cost))
        for l in range(2, net.L + 1):
            i = l - 2
            assert bp_w[i].shape == net.w(l).shape and bp_b[i].shape == net.b(l).shape
            np.testing.assert_allclose(bp_w[i], fd_w[i], rtol=1e-5, atol=atol, err_msg=f"w^{l} {net.sizes}")
            np.testing.assert_allclose(bp_b[i], fd_b[i], rtol=1e-5, atol=atol, err_msg=f"b^{l} {net.sizes}")


def test_gradient_check_detects_a_wrong_gradient():
    class HalfCost:
        """Value is half the quadratic cost, but δ^L is the full quadratic one: wrong by 2×."""
        @staticmethod
        def value(a, y, z=None):
            return QuadraticCost.value(a, y) / 2

        output_error = staticmethod(QuadraticCost.output_error)

    net = Network([3, 4, 2], seed=0)
    X, Y = np.random.default_rng(0).random((3, 4)), np.random.default_rng(1).random((2, 4))
    # ||g - g/2|| / (||g|| + ||g/2||) = 1/3
    assert gradient_check(net, X, Y, HalfCost) == pytest.approx(1 / 3, rel=1e-5)


def test_numerical_gradient_leaves_the_network_unchanged():
    net = Network([3, 4, 2], seed=0)
    before = net.copy()
    numerical_gradient(net, np.ones((3, 2)), np.zeros((2, 2)))
    assert params_equal(net, before)


@pytest.mark.parametrize("cost", COSTS)
def test_backprop_equals_average_of_per_example(cost):
    rng = np.random.default_rng(5)
    for case in range(40):
        net, X, Y = random_case(rng, case)
        bp_b, bp_w = backprop(net, X, Y, cost)
        pe_b, pe_w = backprop_per_example(net, X, Y, cost)
        m = X.shape[1]
        for i in range(net.L - 1):
            np.testing.assert_allclose(bp_w[i], pe_w[i], rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(bp_b[i], pe_b[i], rtol=1e-12, atol=1e-15)
        # and ∇C = (1/m) Σ_x ∇C_x with each ∇C_x from backprop on one column
        singles = [backprop(net, X[:, [x]], Y[:, [x]], cost) for x in range(m)]
        for i in range(net.L - 1):
            np.testing.assert_allclose(bp_w[i], sum(s[1][i] for s in singles) / m, rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(bp_b[i], sum(s[0][i] for s in singles) / m, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("cost", COSTS)
def test_one_column_equals_the_lectures_per_example_gradient(cost):
    rng = np.random.default_rng(99)
    for case in range(30):
        net, X, Y = random_case(rng, case)
        x, y = X[:, 0], Y[:, 0]
        ref_b, ref_w = lecture_gradient(net.weights, net.biases, x, y, cost)
        for nb, nw in (backprop(net, x, y, cost), backprop(net, X[:, :1], Y[:, :1], cost),
                       backprop_per_example(net, x, y, cost)):
            for i in range(net.L - 1):
                np.testing.assert_allclose(nw[i], ref_w[i], rtol=1e-11, atol=1e-17, err_msg=str(net.sizes))
                np.testing.assert_allclose(nb[i].ravel(), ref_b[i], rtol=1e-11, atol=1e-17)


def test_deltas_shapes_and_output_layer():
    net = Network([4, 5, 3, 2], seed=1)
    X = np.random.default_rng(0).random((4, 6))
    Y = np.random.default_rng(1).random((2, 6))
    for cost in (QuadraticCost, CrossEntropyCost):
        ds, fp = deltas(net, X, Y, cost)
        assert [d.shape for d in ds] == [(5, 6), (3, 6), (2, 6)]
        np.testing.assert_array_equal(ds[-1], cost.output_error(fp.a(4), Y))
        # BP2 by hand for layer 3: ((w^4)^T δ^4) ⊙ a^3(1 - a^3)
        np.testing.assert_allclose(ds[1], (net.w(4).T @ ds[2]) * fp.a(3) * (1 - fp.a(3)), rtol=1e-14)


def test_backprop_with_labels_equals_one_hot():
    net = Network([3, 4, 3], seed=2)
    X = np.random.default_rng(0).random((3, 5))
    labels = np.array([0, 2, 1, 2, 0])
    Y = bpcore.one_hot(labels, 3)
    for a, b in zip(sum(backprop(net, X, labels), []), sum(backprop(net, X, Y), [])):
        np.testing.assert_array_equal(a, b)


def test_backprop_does_not_modify_inputs_or_network():
    net = Network([3, 4, 2], seed=2)
    before = net.copy()
    X = np.random.default_rng(0).random((3, 5))
    Y = np.random.default_rng(1).random((2, 5))
    Xs, Ys = X.copy(), Y.copy()
    for f in (backprop, backprop_per_example):
        for cost in COSTS:
            f(net, X, Y, cost)
    np.testing.assert_array_equal(X, Xs)
    np.testing.assert_array_equal(Y, Ys)
    assert params_equal(net, before)


def test_backprop_float32_close_to_float64():
    net64 = Network([5, 6, 3], seed=4)
    net32 = Network([5, 6, 3], seed=4, dtype=np.float32)
    X = np.random.default_rng(0).random((5, 7))
    Y = np.random.default_rng(1).random((3, 7))
    for g32, g64 in zip(sum(backprop(net32, X, Y), []), sum(backprop(net64, X, Y), [])):
        assert g32.dtype == np.float32
        np.testing.assert_allclose(g32, g64, rtol=1e-4, atol=1e-6)


def test_backprop_saturated_network_is_finite():
    # all neurons saturated: σ′ = 0 exactly; quadratic gradients vanish, cross-entropy's do not
    net = Network.from_params([[[1000.0, 1000.0]], [[1000.0]]], [[0.0], [0.0]])
    x, y = np.array([1.0, 1.0]), np.array([0.0])
    nb, nw = backprop(net, x, y, "quadratic")
    assert all(np.all(g == 0) for g in nb + nw)
    nb, nw = backprop(net, x, y, "cross-entropy")
    assert nb[1].item() == 1.0 and nw[1].item() == 1.0     # δ^3 = a^3 - y = 1, a^2 = 1
    assert all(np.all(np.isfinite(g)) for g in nb + nw)
