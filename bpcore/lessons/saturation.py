"""Saturation: what the word means in these lessons, and the numbers notebook 06 measures.

Backprop Insight 1 of the lecture: "a weight learns slowly if ... the output neuron is either
high- or low-activation (i.e., saturated)". BP1 and BP2 multiply every error δ^l_j by
σ′(z^l_j) = σ(z^l_j)(1 − σ(z^l_j)), which is at most 1/4 (at z = 0) and falls like e^{−|z|}
away from it; by BP3 and BP4 the neuron's bias and incoming weights learn in proportion to δ^l_j.

**Saturated**, everywhere in bpcore's lessons (this module is its one definition): a neuron
whose activation σ(z) is within 0.01 of 0 or of 1, that is |z| > ln 99 ≈ 4.595 (`SATURATION_Z`).
There σ′(z) < σ′(ln 99) = 0.99 × 0.01 = 0.0099, less than 4% of its largest value 1/4.
`is_saturated(z)` and `saturated_share(z)` apply it; other modules import them.

Also here, the math of 06's optional parts: one saturated neuron trained with two costs
(`single_neuron_costs`) and the size of each layer's bias gradient at initialisation
(`bias_gradient_rms`). The weight-scale study is in `weight_scale`, the figures in
`saturation_figures`, the live figures in `saturation_widgets`, the self-checks in
`saturation_checks`. Left out: other activation functions.
"""
import numpy as np

from ..activations import sigmoid_prime
from ..backprop import backprop
from ..metrics import cost_value
from ..network import Network
from ..sgd import update_mini_batch

__all__ = ["SATURATION_Z", "SATURATION_MARGIN", "is_saturated", "saturated_share", "sigma_prime_ratio",
           "single_neuron_costs", "bias_gradient_rms"]

SATURATION_MARGIN = 0.01
"""A neuron is saturated when σ(z) is within this margin of 0 or of 1."""

SATURATION_Z = float(np.log((1 - SATURATION_MARGIN) / SATURATION_MARGIN))
"""|z| beyond which a sigmoid neuron is saturated: ln 99 ≈ 4.595, where σ(z) = 0.99."""

SIGMA_PRIME_MAX = 0.25
"""σ′(0) = 1/4, the largest value σ′ takes."""


def is_saturated(z):
    """True where |z| > ln 99, i.e. where σ(z) < 0.01 or σ(z) > 0.99 (an array like z)."""
    return np.abs(np.asarray(z, dtype=float)) > SATURATION_Z


def saturated_share(z):
    """The share of the entries of z (for example the (neuron, image) pairs of z^l) that are
    saturated, |z| > ln 99, as a float between 0 and 1."""
    return float(np.mean(is_saturated(z)))


def sigma_prime_ratio(z):
    """(σ′(z), σ′(z)/σ′(0)): σ′ at z and the share of its largest value 1/4 that is left."""
    value = float(sigmoid_prime(float(z)))
    return value, value / SIGMA_PRIME_MAX


def single_neuron_costs(w=2.0, b=2.0, x=1.0, y=0.0, eta=0.15, epochs=300):
    """Train one sigmoid neuron a = σ(wx + b) on the single example (x, y) by gradient
    descent, once with the quadratic cost and once with the cross-entropy, from the same
    start. Returns {cost name: array of C after 0, 1, ..., epochs steps} and
    {cost name: array of the output a after each step}.

    With w = b = 2, x = 1, y = 0 the neuron starts at a = σ(4) ≈ 0.98, badly wrong and
    saturated: the quadratic cost's δ = (a − y)σ′(z) is tiny, the cross-entropy's δ = a − y
    is not.
    """
    costs, outputs = {}, {}
    X, Y = np.array([[x]]), np.array([[y]])
    for cost in ("quadratic", "cross-entropy"):
        net = Network.from_params([[[w]]], [[b]])
        c, a = [cost_value(net, X, Y, cost)], [float(net.feedforward(X)[0, 0])]
        for _ in range(epochs):
            update_mini_batch(net, X, Y, eta, cost)
            c.append(cost_value(net, X, Y, cost))
            a.append(float(net.feedforward(X)[0, 0]))
        costs[cost], outputs[cost] = np.array(c), np.array(a)
    return costs, outputs


def bias_gradient_rms(sizes, X, Y, seeds=range(5), init="standard", cost="quadratic"):
    """The typical size of one bias's gradient in each layer at initialisation: for l = 2..L
    the root mean square over the n_l biases of layer l,

        rms_l = sqrt( (1/n_l) Σ_j (∂C/∂b^l_j)² ) = ||∂C/∂b^l|| / √n_l,   ∂C/∂b^l = δ^l (BP3),

    δ^l averaged over the columns of X. One row per seed: shape (len(seeds), L − 1), column
    l − 2 is layer l. Dividing by √n_l makes layers of different sizes comparable (the norm of a
    30-entry vector is not comparable with that of a 10-entry one).
    """
    rows = []
    for seed in seeds:
        bias_gradients, _ = backprop(Network(sizes, seed=seed, init=init), X, Y, cost)
        rows.append([float(np.linalg.norm(g) / np.sqrt(g.size)) for g in bias_gradients])
    return np.array(rows)
