"""The chain rule behind BP1-BP4, factor by factor, with an independent check of each factor.

Nielsen's chapter 2 derives the four equations from the definition δ^l_j ≡ ∂C/∂z^l_j:

    BP1  δ^L_j = Σ_k ∂C/∂a^L_k · ∂a^L_k/∂z^L_j = ∂C/∂a^L_j · σ′(z^L_j)
         (a^L_k = σ(z^L_k) depends on z^L_j only when k = j)
    BP2  δ^l_j = Σ_k ∂C/∂z^{l+1}_k · ∂z^{l+1}_k/∂z^l_j = Σ_k δ^{l+1}_k · w^{l+1}_{kj} σ′(z^l_j)
         (z^{l+1}_k = Σ_j w^{l+1}_{kj} σ(z^l_j) + b^{l+1}_k)
    BP3  ∂C/∂b^l_j    = ∂C/∂z^l_j · ∂z^l_j/∂b^l_j    = δ^l_j · 1
    BP4  ∂C/∂w^l_{jk} = ∂C/∂z^l_j · ∂z^l_j/∂w^l_{jk} = δ^l_j · a^{l-1}_k
         (z^l_j = Σ_k w^l_{jk} a^{l-1}_k + b^l_j)

Each function here measures one factor of these products by central differences,

    ∂f/∂v ≈ (f(v + ε) − f(v − ε)) / 2ε,

computed by the core (`bpcore.central_difference` for a weight or bias nudged in place, its form
`bpcore.gradcheck.slope` for a weighted input or an activation, both with the core's ε),
nudging only the one quantity the factor is about and running the forward pass, so none of
them uses BP1-BP4. All take one example `x` (a vector or a column), the lecture's layer number
`l` (2..L) and the lecture's neuron indices `j`, `k` from 1: w^3_{13} is (l, j, k) = (3, 1, 3),
numpy's net.w(3)[0, 2].
"""
import numpy as np

from bpcore.activations import sigmoid, sigmoid_prime
from bpcore.backprop import deltas
from bpcore.costs import get_cost
from bpcore.gradcheck import central_difference, slope
from bpcore.lessons.lecture.example import nudged_weighted_inputs
from bpcore.metrics import cost_function


def _column(net, x):
    # the core's forward pass checks x (and names the fix); its a^1 is x as a float column
    return net.forward(x).a(1)[:, :1]


def neuron_index(net, l, j, name="j"):
    """`j` checked as the lecture's number (from 1) of a neuron of layer l (1..L); returns it as an int."""
    if l != 1:
        net.w(l)  # checks that 2 <= l <= L
    n = net.sizes[l - 1]
    if isinstance(j, bool) or not isinstance(j, (int, np.integer)) or not 1 <= j <= n:
        raise ValueError(f"{name} counts the neurons of layer {l} from 1, as the lecture does: 1..{n} "
                         f"(numpy's index {name} − 1), got {j!r}")
    return int(j)


def _target(net, y):
    # y as a float column with one entry per output neuron
    target = np.asarray(y, dtype=float)
    if target.size != net.sizes[-1]:
        raise ValueError(f"y must hold one target per output neuron, {net.sizes[-1]} numbers, "
                         f"got {target.size}")
    return target.reshape(-1, 1)


def forward_with_nudge(net, x, l, j, dz):
    """The weighted inputs [z^2, ..., z^L] (columns) when z^l_j is replaced by z^l_j + Δz."""
    net.w(l)  # checks that 2 <= l <= L: the input layer has no weighted input to nudge
    j = neuron_index(net, l, j)
    return nudged_weighted_inputs(net, _column(net, x), l, j, float(dz))


def dC_da(net, x, y, j, cost="quadratic"):
    """∂C/∂a^L_j: the cost of the output a^L with only its entry j nudged."""
    j = neuron_index(net, net.L, j)
    a_L = sigmoid(forward_with_nudge(net, x, 2, 1, 0.0)[-1])
    target = _target(net, y)
    cost = get_cost(cost)
    return central_difference(lambda: float(cost.value(a_L, target)), a_L, (j - 1, 0))


def da_dz(z):
    """∂a/∂z = σ′(z), measured on σ itself."""
    return slope(lambda v: float(sigmoid(v)), float(z))


def da_dz_of(net, x, l, k, j):
    """∂a^l_k/∂z^l_j: how the activation of neuron k of layer l feels a nudge of z^l_j
    (σ′(z^l_j) when k = j, else 0: each activation depends on its own weighted input only)."""
    k = neuron_index(net, l, k, "k")
    return slope(lambda dz: float(sigmoid(forward_with_nudge(net, x, l, j, dz)[l - 2][k - 1, 0])), 0.0)


def dz_next_dz(net, x, l, k, j):
    """∂z^{l+1}_k/∂z^l_j: how neuron k of layer l+1 feels a nudge of z^l_j."""
    if l >= net.L:
        raise ValueError(f"l must be a layer with a layer after it, 2..{net.L - 1}, got l = {l}")
    k = neuron_index(net, l + 1, k, "k")
    return slope(lambda dz: float(forward_with_nudge(net, x, l, j, dz)[l - 1][k - 1, 0]), 0.0)


def _weighted_input(net, x, l, j):
    # z^l_j of the forward pass with the parameters the network holds at the call
    return lambda: float(forward_with_nudge(net, x, l, j, 0.0)[l - 2][j - 1, 0])


def dz_dw(net, x, l, j, k):
    """∂z^l_j/∂w^l_{jk}: z^l_j with the weight w^l_{jk} nudged."""
    j, k = neuron_index(net, l, j), neuron_index(net, l - 1, k, "k")
    return central_difference(_weighted_input(net, x, l, j), net.w(l), (j - 1, k - 1))


def dz_db(net, x, l, j):
    """∂z^l_j/∂b^l_j: z^l_j with the bias b^l_j nudged."""
    j = neuron_index(net, l, j)
    return central_difference(_weighted_input(net, x, l, j), net.b(l), (j - 1, 0))


def dC_dw(net, x, y, l, j, k, cost="quadratic"):
    """∂C/∂w^l_{jk}: the cost with the weight w^l_{jk} nudged (no backprop inside)."""
    j, k = neuron_index(net, l, j), neuron_index(net, l - 1, k, "k")
    return central_difference(cost_function(net, _column(net, x), _target(net, y), cost), net.w(l), (j - 1, k - 1))


def dC_db(net, x, y, l, j, cost="quadratic"):
    """∂C/∂b^l_j: the cost with the bias b^l_j nudged (no backprop inside)."""
    j = neuron_index(net, l, j)
    return central_difference(cost_function(net, _column(net, x), _target(net, y), cost), net.b(l), (j - 1, 0))


def dC_dz(net, x, y, l, j, cost="quadratic"):
    """δ^l_j = ∂C/∂z^l_j by its definition: the cost with z^l_j nudged."""
    cost = get_cost(cost)
    target = _target(net, y)
    return slope(lambda dz: float(cost.value(sigmoid(forward_with_nudge(net, x, l, j, dz)[-1]), target)), 0.0)


def verdict(computed, reference, tol=1e-7):
    """'agrees' when |computed − reference| ≤ tol·(1 + |reference|), else the difference."""
    diff = abs(float(computed) - float(reference))
    return "agrees" if diff <= tol * (1 + abs(float(reference))) else f"DIFFERS by {diff:.1e}"


def arriving_error(net, x, y, l, j, cost="quadratic"):
    """((w^{l+1})^T δ^{l+1})_j: the error that BP2 brings back to neuron j of layer l (< L),
    before it is multiplied by σ′(z^l_j)."""
    if not 2 <= l < net.L:
        raise ValueError(f"l must be a hidden layer, 2..{net.L - 1}, got l = {l}")
    j = neuron_index(net, l, j)
    errors, _ = deltas(net, x, y, cost)
    return float((net.w(l + 1).T @ errors[l - 1])[j - 1, 0])


def error_at(net, x, y, l, j, z, cost="quadratic"):
    """δ^l_j when neuron j of layer l has the weighted input z instead of its own, the rest of
    the network recomputed: the bias b^l_j is shifted by z − z^l_j, so every later layer, and
    the error arriving from it, follows. `net` is left as it was."""
    j = neuron_index(net, l, j)
    shifted = net.copy()
    z_own = net.forward(x).z(l)[j - 1, 0]
    shifted.b(l)[j - 1, 0] += z - z_own
    errors, _ = deltas(shifted, x, y, cost)
    return float(errors[l - 2][j - 1, 0])


def saturation_factor(z):
    """σ′(0) / σ′(z): how many times smaller δ = (arriving error) · σ′(z) is at z than at 0
    when the arriving error is held fixed (BP2)."""
    return float(sigmoid_prime(0.0) / sigmoid_prime(z))
