"""The Neuron Error slide, measured: δ^l_j ≡ ∂C/∂z^l_j.

If neuron j of layer l outputs σ(z^l_j + Δz) instead of σ(z^l_j), the cost changes by
ΔC ≈ δ^l_j Δz. `cost_with_nudged_z` runs the forward pass with that nudge, so the claim can be
measured; `numerical_errors` turns it into central differences for every neuron of a layer;
`relative_error` compares such a measurement with backpropagation's δ.
"""
import numpy as np

from ..activations import sigmoid
from ..costs import get_cost
from ..metrics import cost_value


def cost_with_nudged_z(net, X, Y, l, j, dz, cost="quadratic", x=0):
    """The cost C after adding Δz = `dz` to the weighted input z^l_j of example (column) `x`.

    The forward pass is z^k = w^k a^{k-1} + b^k, a^k = σ(z^k) for k = 2..L, except that in
    layer l the neuron j outputs σ(z^l_j + Δz) instead of σ(z^l_j), as on the Neuron Error
    slide. `j` and `x` are array indices from 0. With dz = 0 this is the ordinary cost, and
    C(Δz) − C(0) ≈ ∂C/∂z^l_j · Δz.
    """
    cost_value(net, X, Y, cost)  # refuses a wrong X, Y or cost with the core's own messages
    net.w(l)                     # and a layer outside 2..L
    X = np.asarray(X, dtype=net.dtype).reshape(net.sizes[0], -1)
    Y = np.asarray(Y, dtype=net.dtype).reshape(net.sizes[-1], -1)
    z_L = nudged_weighted_inputs(net, X, l, j, dz, x)[-1]
    return get_cost(cost).value(sigmoid(z_L), Y, z=z_L)


def nudged_weighted_inputs(net, X, l, j, dz, x=0):
    """The weighted inputs [z^2, ..., z^L] of the columns of X when z^l_j of column `x` becomes
    z^l_j + Δz: the forward pass z^k = w^k a^{k-1} + b^k, a^k = σ(z^k), nudged in one place.
    `X` is a validated (n_1, m) array; `j` and `x` are array indices from 0."""
    a, zs = X, []
    for k, (w, b) in enumerate(zip(net.weights, net.biases), start=2):
        z = w @ a + b
        if k == l:
            z[j, x] += dz
        zs.append(z)
        a = sigmoid(z)
    return zs


def numerical_errors(net, X, Y, l, cost="quadratic", eps=1e-6):
    """δ^l by central differences, one column per example:

        δ^{x,l}_j ≈ m · (C(z^{x,l}_j + ε) − C(z^{x,l}_j − ε)) / 2ε

    C is the mean of the m per-example costs C_x, and nudging example x's z changes only C_x,
    hence the factor m: the result is ∂C_x/∂z^{x,l}_j, the same δ that `bpcore.deltas` returns.
    """
    m = 1 if np.ndim(X) == 1 else np.shape(X)[1]
    result = np.empty((net.sizes[l - 1], m))
    for j in range(result.shape[0]):
        for x in range(m):
            c_plus = cost_with_nudged_z(net, X, Y, l, j, eps, cost, x)
            c_minus = cost_with_nudged_z(net, X, Y, l, j, -eps, cost, x)
            result[j, x] = m * (c_plus - c_minus) / (2 * eps)
    return result


def relative_error(a, b):
    """||a − b|| / (||a|| + ||b||): 0 when equal, about 1e-16 at float64 rounding, 1 when
    unrelated. 0 when both are zero."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0
