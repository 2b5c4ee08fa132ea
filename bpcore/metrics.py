"""Measuring a network: accuracy, cost, and one-hot targets."""
import numpy as np

from . import _validate
from .costs import get_cost


def one_hot(labels, n):
    """Targets for integer labels: an (n, m) matrix whose column x is the unit vector e_{label x}."""
    n = _validate.integer("n", n, 1, meaning=" (number of classes)")
    return _validate.one_hot_labels(labels, n, np.float64)


def accuracy(net, X, labels):
    """The fraction of columns of X whose most active output neuron is the label."""
    X = _validate.inputs(X, net.sizes[0], net.dtype)
    labels = _validate.labels(labels, net.sizes[-1])
    if labels.shape[0] != X.shape[1]:
        raise ValueError(f"labels has {labels.shape[0]} entries but X has {X.shape[1]} examples (columns)")
    return _accuracy(net, X, labels)


def cost_value(net, X, Y, cost="quadratic"):
    """The mean cost C = (1/m) Σ_x C_x over the columns of X."""
    cost = get_cost(cost)
    X, Y = _validate.batch(X, Y, net.sizes, net.dtype)
    fp = net._forward(X)
    return cost.value(fp.activations[-1], Y, z=fp.zs[-1])


def _accuracy(net, X, labels):
    predicted = np.argmax(net._forward(X).activations[-1], axis=0)
    return float(np.mean(predicted == labels))


def _cost_value(net, X, Y, cost):
    fp = net._forward(X)
    return cost.value(fp.activations[-1], Y, z=fp.zs[-1])
