"""Measuring a network: its cost, its accuracy, and one-hot targets.

`_cost` is the one place that turns a forward pass into the cost C: `cost_function`,
`cost_value`, `numerical_gradient`, `gradient_check` and sgd's records of the training cost
all evaluate it.
"""
import numpy as np

from . import validate
from .costs import get_cost


def one_hot(labels, n):
    """Targets for integer labels: an (n, m) matrix whose column x is the unit vector e_{label x}."""
    n = validate.integer("n", n, 1, meaning=" (number of classes)")
    return validate.one_hot_labels(labels, n, np.float64)


def accuracy(net, X, labels):
    """The fraction of columns of X whose most active output neuron is the label."""
    X = validate.inputs(net, X)
    labels = validate.labels(net, labels)
    if labels.shape[0] != X.shape[1]:
        raise ValueError(f"labels has {labels.shape[0]} entries but X has {X.shape[1]} examples (columns)")
    return _accuracy(net, X, labels)


def cost_function(net, X, Y, cost="quadratic"):
    """C as a function of the network's current parameters, on the batch (X, Y): a callable
    C() that runs one forward pass and returns C = (1/m) Σ_x C_x over the m columns of X.

    The batch is checked once, here; each C() then computes with whatever w^l and b^l the
    network holds at that moment (a central difference nudges one of them between calls).
    """
    cost = get_cost(cost)
    X, Y = validate.batch(net, X, Y)
    return lambda: _cost(net, X, Y, cost)


def cost_value(net, X, Y, cost="quadratic"):
    """The mean cost C = (1/m) Σ_x C_x over the columns of X."""
    return cost_function(net, X, Y, cost)()


def _accuracy(net, X, labels):
    predicted = np.argmax(net._forward(X).activations[-1], axis=0)
    return float(np.mean(predicted == labels))


def _cost(net, X, Y, cost):
    # C from a^L, and from z^L too: the cross-entropy is then exact even at saturation
    forward_pass = net._forward(X)
    return cost.value(forward_pass.activations[-1], Y, z=forward_pass.zs[-1])
