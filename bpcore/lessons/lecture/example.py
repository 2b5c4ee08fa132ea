"""The lecture's 2-3-2 worked example (the Backpropagation Example slides) as data, and its
Neuron Error slide measured: δ^l_j ≡ ∂C/∂z^l_j.

The slides name the network's parameters w_1, w_2, b_1, b_2 and write z_2, a_2 with lower
indices; here they carry the lecture's own layer numbers l = 2, 3 (layer 1 is the input
x = a^1):

    slide w_1, b_1  ->  w^2, b^2   (shape (3, 2) and (3,))
    slide w_2, b_2  ->  w^3, b^3   (shape (2, 3) and (2,))
    slide z_2, a_2  ->  z^2, a^2,  slide z_3, a_3 -> z^3, a^3

What is computed from it lives beside it: `slide_numbers` (every printed number against
bpcore's), `worked_example.checks` (the student's own computation of it, checked),
`worked_example.eta_study` (repeated gradient-descent steps on it).

If neuron j of layer l outputs σ(z^l_j + Δz) instead of σ(z^l_j), the cost changes by
ΔC ≈ δ^l_j Δz. `cost_with_nudged_z` runs the forward pass with that nudge, so the claim can be
measured on any network; `numerical_errors` turns it into central differences (the core's
`bpcore.gradcheck.slope`) for every neuron of a layer, to compare with backpropagation's δ
(`bpcore.relative_error`). Neurons are numbered as in the lecture, j from 1.
"""
import numpy as np

from bpcore.activations import sigmoid
from bpcore.costs import get_cost
from bpcore.gradcheck import slope
from bpcore.metrics import cost_value
from bpcore.network import Network

W2 = ((-0.81, -0.34), (-1.57, -0.03), (0.60, -0.52))   # the slide's w_1
W3 = ((0.51, 0.65, -0.74), (-1.42, -0.89, 2.02))      # the slide's w_2
B2 = (0.27, 0.87, 0.13)                                 # the slide's b_1
B3 = (0.33, 0.65)                                       # the slide's b_2
X = (1.0, 1.0)                                          # the input a^1
Y = (1.0, 1.0)                                          # the target y
COST = "quadratic"                                      # C_x = ||y − a^3||² / 2

__all__ = ["W2", "W3", "B2", "B3", "X", "Y", "COST", "network", "cost_with_nudged_z", "nudged_weighted_inputs",
           "numerical_errors"]


def network():
    """The 2-3-2 network of the slides: Network.from_params([w^2, w^3], [b^2, b^3])."""
    return Network.from_params([W2, W3], [B2, B3])


def cost_with_nudged_z(net, X, Y, l, j, dz, cost="quadratic", x=0):
    """The cost C after adding Δz = `dz` to the weighted input z^l_j of example (column) `x`.

    The forward pass is z^k = w^k a^{k-1} + b^k, a^k = σ(z^k) for k = 2..L, except that in
    layer l the neuron j outputs σ(z^l_j + Δz) instead of σ(z^l_j), as on the Neuron Error
    slide. `j` is the lecture's, from 1; `x` is the column of X, from 0. With dz = 0 this is
    the ordinary cost, and C(Δz) − C(0) ≈ ∂C/∂z^l_j · Δz.
    """
    cost_value(net, X, Y, cost)  # refuses a wrong X, Y or cost with the core's own messages
    net.w(l)                     # and a layer outside 2..L
    if isinstance(j, bool) or not isinstance(j, (int, np.integer)) or not 1 <= j <= net.sizes[l - 1]:
        raise ValueError(f"j counts the {net.sizes[l - 1]} neurons of layer {l} from 1, as the lecture does "
                         f"(numpy's row j − 1), got {j!r}")
    X = np.asarray(X, dtype=net.dtype).reshape(net.sizes[0], -1)
    Y = np.asarray(Y, dtype=net.dtype).reshape(net.sizes[-1], -1)
    z_L = nudged_weighted_inputs(net, X, l, j, dz, x)[-1]
    return get_cost(cost).value(sigmoid(z_L), Y, z=z_L)


def nudged_weighted_inputs(net, X, l, j, dz, x=0):
    """The weighted inputs [z^2, ..., z^L] of the columns of X when z^l_j of column `x` becomes
    z^l_j + Δz: the forward pass z^k = w^k a^{k-1} + b^k, a^k = σ(z^k), nudged in one place.
    `X` is a validated (n_1, m) array; `j` is the lecture's (from 1), `x` the column (from 0)."""
    a, zs = X, []
    for k, (w, b) in enumerate(zip(net.weights, net.biases), start=2):
        z = w @ a + b
        if k == l:
            z[j - 1, x] += dz
        zs.append(z)
        a = sigmoid(z)
    return zs


def numerical_errors(net, X, Y, l, cost="quadratic"):
    """δ^l by central differences (`bpcore.gradcheck.slope`, with the core's ε), one column per
    example:

        δ^{x,l}_j ≈ m · (C(z^{x,l}_j + ε) − C(z^{x,l}_j − ε)) / 2ε

    C is the mean of the m per-example costs C_x, and nudging example x's z changes only C_x,
    hence the factor m: the result is ∂C_x/∂z^{x,l}_j, the same δ that `bpcore.deltas` returns.
    Row j − 1 holds neuron j.
    """
    m = 1 if np.ndim(X) == 1 else np.shape(X)[1]
    result = np.empty((net.sizes[l - 1], m))
    for j in range(1, result.shape[0] + 1):
        for x in range(m):
            result[j - 1, x] = m * slope(lambda dz: cost_with_nudged_z(net, X, Y, l, j, dz, cost, x), 0.0)
    return result
