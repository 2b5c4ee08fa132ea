"""The math of notebook 06's optional parts: one saturated neuron trained with two costs
(`single_neuron_costs`) and the size of each layer's bias gradient at initialisation
(`bias_gradient_rms`). What "saturated" means is defined once, in `lecture.saturation`.
"""
import numpy as np

from bpcore.backprop import backprop
from bpcore.metrics import cost_value
from bpcore.network import Network
from bpcore.sgd import update_mini_batch

__all__ = ["single_neuron_costs", "bias_gradient_rms"]


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
