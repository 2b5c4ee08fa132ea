"""Backpropagation: the gradient of the cost as the composition of BP1-BP4 (equations.py).

`backward_pass` is that composition, written once in the lecture's l: both `backprop` and the
training loop of `sgd` call it. It does one matrix product per layer and direction for a whole
batch. `backprop_per_example` loops over the examples exactly as the lecture's algorithm reads,
with the same four equations.
"""
import numpy as np

from . import validate
from .activations import sigmoid, sigmoid_prime_from_activation
from .costs import get_cost
from .equations import backpropagate_error, bias_gradient, weight_gradient


def backward_pass(w, a, delta, sigma_prime, nabla_b, nabla_w):
    """From the output error to every gradient of a batch: given δ^L (BP1) in delta[L],

        BP2  δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)      for l = L−1, ..., 2, with σ′(z^l) = a^l(1 − a^l)
        BP3  Σ_x ∂C_x/∂b^l = Σ_x δ^{x,l}                  for l = L, ..., 2
        BP4  Σ_x ∂C_x/∂w^l = Σ_x δ^{x,l} (a^{x,l−1})^T

    Every list is indexed by the lecture's l (entries below 2 unused; a[1] is the input a^1):
    w[l] is w^l and a[l] is a^l; delta[l], sigma_prime[l], nabla_b[l] and nabla_w[l] are the
    arrays that receive δ^l, σ′(z^l), the sum for b^l and the sum for w^l. It reads the weights
    and changes none of them, so every gradient is computed before any weight moves.
    """
    L = len(a) - 1
    for l in range(L - 1, 1, -1):
        sigmoid_prime_from_activation(a[l], out=sigma_prime[l])
        backpropagate_error(w[l + 1], delta[l + 1], sigma_prime[l], out=delta[l])      # BP2
    for l in range(L, 1, -1):
        bias_gradient(delta[l], out=nabla_b[l])                                       # BP3
        weight_gradient(delta[l], a[l - 1], out=nabla_w[l])                           # BP4


def _pass(net, X, Y, cost):
    """Feedforward, BP1 and the backward pass of a checked batch: the ForwardPass and the
    lists, indexed by l, of δ^l and of the sums over the batch for b^l and w^l."""
    forward_pass = net._forward(X)
    L = net.L
    a = [None, *forward_pass.activations]
    delta = [None, None] + [np.zeros_like(z) for z in forward_pass.zs]
    delta[L] = cost.output_error(a[L], Y)                                               # BP1
    sigma_prime = [None, None] + [np.zeros_like(z) for z in forward_pass.zs]
    nabla_b = [None, None] + [np.zeros_like(b) for b in net.biases]
    nabla_w = [None, None] + [np.zeros_like(w) for w in net.weights]
    backward_pass([None, None, *net.weights], a, delta, sigma_prime, nabla_b, nabla_w)
    return forward_pass, delta, nabla_b, nabla_w


def deltas(net, X, Y, cost="quadratic"):
    """The errors δ^l = ∂C_x/∂z^l for l = 2..L, one column per example: deltas[l-2] is δ^l.

    Also returns the ForwardPass, whose activations BP4 needs.
    """
    cost = get_cost(cost)
    X, Y = validate.batch(net, X, Y)
    forward_pass, delta, _, _ = _pass(net, X, Y, cost)
    return delta[2:], forward_pass


def backprop(net, X, Y, cost="quadratic"):
    """The gradient of the mean cost C = (1/m) Σ_x C_x over the m columns of X.

    Returns (nabla_b, nabla_w), lists shaped like `net.biases` and `net.weights`:
    nabla_w[l-2] = ∂C/∂w^l and nabla_b[l-2] = ∂C/∂b^l. For one example this is the lecture's
    ∂C_x/∂w^l and ∂C_x/∂b^l. `Y` is a (n_L, m) target matrix or, with a 2-D X, integer labels.
    """
    cost = get_cost(cost)
    X, Y = validate.batch(net, X, Y)
    return _mean_gradient(net, X, Y, cost)


def _mean_gradient(net, X, Y, cost):
    # backprop on a checked batch (gradient_check checks its batch once for both gradients)
    _, _, nabla_b, nabla_w = _pass(net, X, Y, cost)
    m = X.shape[1]
    for gradient in nabla_b[2:] + nabla_w[2:]:
        gradient /= m                                  # the mean: (1/m) Σ_x ∇C_x
    return nabla_b[2:], nabla_w[2:]


def backprop_per_example(net, X, Y, cost="quadratic"):
    """The same gradient as `backprop`, computed as the lecture's algorithm reads: for each
    training example x, feedforward, output error, backpropagate, then average ∇C_x.

    A Python loop over examples, kept to show that the matrix form agrees with it and to
    measure how much faster one matrix product per layer is.
    """
    cost = get_cost(cost)
    X, Y = validate.batch(net, X, Y)
    return _per_example_gradient(net, X, Y, cost)


def _per_example_gradient(net, X, Y, cost):
    # the loop of backprop_per_example on a checked batch (sgd's per_example=True calls it)
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
            a_prev = activations[l - 2]                    # a^{l-1}
            sum_b[l - 2] += bias_gradient(delta)           # BP3
            sum_w[l - 2] += weight_gradient(delta, a_prev)  # BP4
            if l > 2:                                      # BP2
                delta = backpropagate_error(net.weights[l - 2], delta, sigmoid_prime_from_activation(a_prev))
    return [s / m for s in sum_b], [s / m for s in sum_w]
