"""Checking backprop against central finite differences, an independent reference:

    ∂C/∂p ≈ (C(p + ε) − C(p − ε)) / 2ε     for every weight and bias p of every layer.
"""
import numpy as np

from . import _validate
from .backprop import backprop
from .costs import get_cost


def numerical_gradient(net, X, Y, cost="quadratic", eps=1e-5):
    """(nabla_b, nabla_w) of the mean cost by central differences, shaped like backprop's.

    Each parameter is nudged in place and put back exactly, so `net` ends as it began.
    """
    cost = get_cost(cost)
    X, Y = _validate.batch(X, Y, net.sizes, net.dtype)

    def C():
        fp = net._forward(X)
        return cost.value(fp.activations[-1], Y, z=fp.zs[-1])

    def differences(params):
        result = []
        for p in params:
            g = np.empty(p.shape)
            for index in np.ndindex(p.shape):
                saved = p[index]
                try:
                    p[index] = saved + eps
                    c_plus = C()
                    p[index] = saved - eps
                    c_minus = C()
                finally:
                    p[index] = saved
                g[index] = (c_plus - c_minus) / (2 * eps)
            result.append(g)
        return result

    with np.errstate(over="ignore"):
        return differences(net.biases), differences(net.weights)


def gradient_check(net, X, Y, cost="quadratic", eps=1e-5):
    """The largest relative error between `backprop` and central differences, taken over
    every w^l and b^l: max over arrays of ||g_bp − g_fd|| / (||g_bp|| + ||g_fd||).

    In float64 a correct backprop gives about 1e-7 or less; ε = 1e-5 balances the
    differences' truncation error (∝ ε²) against round-off in C (∝ 1/ε) even for layers
    whose gradient is tiny. An array whose gradient is exactly zero both ways counts as error 0.
    """
    bp_b, bp_w = backprop(net, X, Y, cost)
    fd_b, fd_w = numerical_gradient(net, X, Y, cost, eps)
    worst = 0.0
    for g, h in zip(bp_b + bp_w, fd_b + fd_w):
        scale = np.linalg.norm(g) + np.linalg.norm(h)
        if scale > 0:
            worst = max(worst, float(np.linalg.norm(g - h) / scale))
    return worst
