"""Backpropagation: the gradient of the cost as the composition of BP1-BP4 (equations.py).

`backprop` does one matrix product per layer and direction for a whole batch; the
per-example version loops over examples exactly as the lecture's algorithm reads.
"""
import numpy as np

from . import _validate
from .activations import sigmoid, sigmoid_prime_from_activation
from .costs import get_cost
from .equations import backpropagate_error, bias_gradient, weight_gradient


def deltas(net, X, Y, cost="quadratic"):
    """The errors δ^l = ∂C_x/∂z^l for l = 2..L, one column per example: deltas[l-2] is δ^l.

    Also returns the ForwardPass, whose activations BP4 needs.
    """
    cost = get_cost(cost)
    X, Y = _validate.batch(X, Y, net.sizes, net.dtype)
    fp = net._forward(X)
    a_L = fp.activations[-1]
    delta = cost.output_error(a_L, Y)                                      # BP1
    result = [delta]
    for l in range(net.L - 1, 1, -1):                                     # l = L-1, ..., 2
        sp = sigmoid_prime_from_activation(fp.a(l))
        delta = backpropagate_error(net.w(l + 1), delta, sp)              # BP2
        result.append(delta)
    result.reverse()
    return result, fp


def backprop(net, X, Y, cost="quadratic"):
    """The gradient of the mean cost C = (1/m) Σ_x C_x over the m columns of X.

    Returns (nabla_b, nabla_w), lists shaped like `net.biases` and `net.weights`:
    nabla_w[l-2] = ∂C/∂w^l and nabla_b[l-2] = ∂C/∂b^l. For one example this is the lecture's
    ∂C_x/∂w^l and ∂C_x/∂b^l. `Y` is a (n_L, m) target matrix or, with a 2-D X, integer labels.
    """
    ds, fp = deltas(net, X, Y, cost)
    m = fp.activations[0].shape[1]
    nabla_b = [bias_gradient(d) / m for d in ds]                                      # BP3
    nabla_w = [weight_gradient(d, a) / m for d, a in zip(ds, fp.activations[:-1])]     # BP4
    return nabla_b, nabla_w


def backprop_per_example(net, X, Y, cost="quadratic"):
    """The same gradient as `backprop`, computed as the lecture's algorithm reads: for each
    training example x, feedforward, output error, backpropagate, then average ∇C_x.

    A Python loop over examples, kept to show that the matrix form agrees with it and to
    measure how much faster one matrix product per layer is.
    """
    cost = get_cost(cost)
    X, Y = _validate.batch(X, Y, net.sizes, net.dtype)
    m = X.shape[1]
    sum_b = [np.zeros_like(b) for b in net.biases]
    sum_w = [np.zeros_like(w) for w in net.weights]
    for x in range(m):
        a = X[:, x:x + 1]                                  # a^{x,1}, a column
        activations = [a]
        for w, b in zip(net.weights, net.biases):          # feedforward, l = 2..L
            a = sigmoid(w @ a + b)
            activations.append(a)
        delta = cost.output_error(a, Y[:, x:x + 1])         # BP1
        for l in range(net.L, 1, -1):                      # l = L, ..., 2
            sum_b[l - 2] += delta                          # BP3
            sum_w[l - 2] += delta @ activations[l - 2].T   # BP4: a^{l-1} is activations[l-2]
            if l > 2:                                      # BP2
                delta = backpropagate_error(net.w(l), delta, sigmoid_prime_from_activation(activations[l - 2]))
    return [s / m for s in sum_b], [s / m for s in sum_w]

