"""How large should η be? Repeated gradient-descent steps on the worked example, explained by
the curvature of the cost.

With the slide's target y = (1, 1), σ's asymptote, no step can overshoot: the outputs only
saturate towards the target, and on this example a larger η was never worse (a sweep of 41 η
from 0.1 to 1000, 50 steps each). A target inside (0, 1), ETA_TARGET = (0.3, 0.6), can be
overshot, and then the mechanism shows.

The mechanism is the curvature of the cost (`lecture.curvature`, shared with notebook 01): over
all 17 weights and biases θ, a gradient-descent step multiplies the distance to a minimum along
the eigenvector of the Hessian H with eigenvalue λ by |1 − ηλ|. So along the steepest direction
(λ_max):

    η < 2/λ_max    every step shrinks the distance, the run converges;
                   η ≪ 2/λ_max: the factors are close to 1, and it converges slowly;
    η > 2/λ_max    each step overshoots the minimum by more than it started from, and the
                   distance along that direction grows: the cost rises;
    η very large   the steps throw z³ into σ's flat tails, σ′(z³_j) ≈ 0 makes δ³_j ≈ 0 (BP1),
                   and that output no longer moves: the run is saturated (the lessons' one
                   meaning of the word, `lecture.saturation`: |z| > ln 99).

`curvature_at` measures H by central differences of backprop's gradient; `classify_run` names
a run by these mechanisms and reports the evidence.
"""
from typing import NamedTuple

import numpy as np

from bpcore.activations import sigmoid_prime
from bpcore.backprop import backprop
from bpcore.lessons.lecture.curvature import curvature, hessian_by_differences
from bpcore.lessons.lecture.example import COST, X, network
from bpcore.lessons.lecture.saturation import SATURATION_Z, is_saturated
from bpcore.metrics import cost_value
from bpcore.network import Network
from bpcore.sgd import update_mini_batch

ETA_TARGET = (0.3, 0.6)     # a target inside (0, 1), for the η study only
ETA_STEPS = 50
ETA_AT_MINIMUM = 5.0        # well below 2/λ_max: the run that finds the minimum whose curvature we measure


def _batch(y):
    return np.array(X, dtype=float).reshape(-1, 1), np.array(y, dtype=float).reshape(-1, 1)


def descent_costs(eta, steps=ETA_STEPS, y=ETA_TARGET, net=None):
    """The cost C = ½‖y − a³‖² after 0, 1, ..., `steps` gradient-descent steps with learning
    rate η on the example x = (1, 1), target y; and the trained network (a copy)."""
    net = (network() if net is None else net).copy()
    X1, Y1 = _batch(y)
    costs = [cost_value(net, X1, Y1)]
    for _ in range(steps):
        update_mini_batch(net, X1, Y1, eta, COST)
        costs.append(cost_value(net, X1, Y1))
    return np.array(costs), net


def cost_text(c):
    """A cost for print: '< 1e-06' below 10⁻⁶ (where it is mostly rounding noise: a − y ≈ 10⁻⁹
    and smaller), else 2 significant digits, which differences in floating-point arithmetic
    between machines do not reach."""
    return "< 1e-06" if c < 1e-6 else f"{c:.2g}"


def parameters(net):
    """All weights and biases as one vector θ = (w², w³, b², b³), each flattened row by row."""
    return np.concatenate([p.ravel() for p in net.weights + net.biases])


def _network_at(net, theta):
    shapes = [p.shape for p in net.weights + net.biases]
    parts = np.split(theta, np.cumsum([np.prod(s) for s in shapes])[:-1])
    params = [part.reshape(s) for part, s in zip(parts, shapes)]
    return Network.from_params(params[:len(net.weights)], params[len(net.weights):])


def gradient(net, y=ETA_TARGET):
    """∇C at `net` as one vector, in the order of `parameters`: backprop's ∂C/∂w^l and ∂C/∂b^l."""
    nabla_b, nabla_w = backprop(net, *_batch(y), COST)
    return np.concatenate([g.ravel() for g in nabla_w + nabla_b])


def hessian(net, y=ETA_TARGET):
    """H_ik = ∂²C/∂θ_i∂θ_k at `net`, by central differences of backprop's gradient
    (`lecture.curvature.hessian_by_differences`)."""
    return hessian_by_differences(lambda theta: gradient(_network_at(net, theta), y), parameters(net))


def curvature_at(net, y=ETA_TARGET):
    """The `lecture.curvature.Curvature` of C at `net`: λ_max, the next λ (at a minimum of this
    example the flattest curved direction), 2/λ_max and all eigenvalues of `hessian`."""
    return curvature(hessian(net, y))


def curvature_at_minimum(y=ETA_TARGET):
    """The Curvature where gradient descent with a small η (ETA_AT_MINIMUM) ends after ETA_STEPS
    steps: there the cost is below 10⁻²⁰, a minimum. (The example has 17 parameters and 2 outputs,
    so its minima form a valley; H there has only 2 eigenvalues that are not 0.)"""
    return curvature_at(descent_costs(ETA_AT_MINIMUM, ETA_STEPS, y)[1], y)


class RunEvidence(NamedTuple):
    """One run of gradient descent and what decides its regime (see `classify_run`)."""
    eta: float
    costs: np.ndarray          # C after 0..steps steps
    rises: int                 # steps after which the cost was higher than before
    min_sigma_prime: float     # the smallest σ′(z³_j) where the run ends
    eta_edge_at_end: float     # 2/λ_max where the run ends (nan where it does not decide the regime)
    regime: str


REGIMES = {
    "converges": "η < 2/λ_max at the minimum: every step shrinks the distance along every direction",
    "overshoots, then settles": "η > 2/λ_max at the minimum: the first steps overshoot, until the run reaches a "
                                "flatter part of the valley, where η < 2/λ_max, and converges there",
    "overshoots": "η > 2/λ_max, and the run finds no part of the valley flat enough: it keeps bouncing",
    "saturated": f"the steps threw an output into σ's flat tail (saturated, |z³_j| > ln 99 ≈ {SATURATION_Z:.1f}, "
                 "so σ′(z³_j) < 0.0099): its δ³_j ≈ 0, so it stays far from its target, and the run stalls",
}


def classify_run(eta, steps=ETA_STEPS, y=ETA_TARGET, edge=None):
    """Run gradient descent with learning rate η and name its regime (a key of REGIMES):
    'saturated' when an output is saturated at the end (`lecture.saturation.is_saturated`,
    |z³_j| > ln 99; at the target σ′(z³_j) is about 0.21 and 0.24); else by η against
    `edge` = 2/λ_max at the minimum (measured when not given): below it 'converges'; above it
    'overshoots, then settles' when where the run ends η < 2/λ_max and the cost fell at each of
    the last 10 steps, else 'overshoots'."""
    edge = curvature_at_minimum(y).eta_edge if edge is None else edge
    costs, trained = descent_costs(eta, steps, y)
    z_L = trained.forward(np.array(X)).z(trained.L)
    sigma_prime = float(np.min(sigmoid_prime(z_L)))
    rises = int(np.sum(np.diff(costs) > 0))
    edge_at_end = float("nan")   # measured only where it decides the regime (it costs 34 backprops)
    if np.any(is_saturated(z_L)):
        regime = "saturated"
    elif eta < edge:
        regime = "converges"
    elif np.all(np.diff(costs[-11:]) <= 0) and eta < (edge_at_end := curvature_at(trained, y).eta_edge):
        regime = "overshoots, then settles"
    else:
        regime = "overshoots"
    return RunEvidence(float(eta), costs, rises, sigma_prime, edge_at_end, regime)


def sweep(etas=None, steps=ETA_STEPS, y=ETA_TARGET):
    """classify_run for each η of `etas` (default 81 values from 0.1 to 1000, log-spaced)."""
    etas = np.logspace(-1, 3, 81) if etas is None else etas
    edge = curvature_at_minimum(y).eta_edge
    return [classify_run(eta, steps, y, edge) for eta in etas]
