"""How well a mini-batch estimates the gradient: the lecture's ∇C ≈ (1/m) Σ_j ∇C_{X_j}.

The full gradient over n training examples is the mean of the per-example gradients,
g = ∇C = (1/n) Σ_x ∇C_x. A mini-batch X_1, ..., X_m drawn at random WITHOUT replacement (as
one mini-batch of a shuffled epoch is) gives the estimate g_m = (1/m) Σ_j ∇C_{X_j}, which is
unbiased, E[g_m] = g, with

    E ||g_m − g||² = (σ² / m) · (n − m) / (n − 1),    σ² = (1/n) Σ_x ||∇C_x − g||².

The 1/m is the familiar law (the error's size falls like 1/√m); (n − m)/(n − 1) is the
finite-population correction, which pulls the error to exactly 0 at m = n.

Every gradient is treated as one long vector of all ∂C/∂w^l_{jk} and ∂C/∂b^l_j. Left out on
purpose: sampling with replacement, and anything but the plain mean.
"""
import numpy as np

from bpcore.backprop import backprop, deltas
from bpcore.metrics import one_hot


def as_vector(nabla_b, nabla_w):
    """The gradient (nabla_b, nabla_w) of `backprop` as one vector: every ∂C/∂b^l, then
    every ∂C/∂w^l, for l = 2..L."""
    return np.concatenate([g.ravel() for g in list(nabla_b) + list(nabla_w)])


def draw_minibatch(rng, n, m):
    """The column indices of one mini-batch: m of 0..n-1 drawn without replacement."""
    return rng.choice(n, size=m, replace=False)


def _targets(net, Y):
    Y = np.asarray(Y)
    return one_hot(Y, net.sizes[-1]) if Y.ndim == 1 else Y


def relative_errors(net, X, Y, m, draws, seed=0, cost="quadratic", exact=None):
    """||g_m − g|| / ||g|| for `draws` mini-batches of m examples, each drawn at random.

    g is the full gradient over every column of X (pass it as `exact`, a vector from
    `as_vector`, to skip recomputing it) and g_m = (1/m) Σ_j ∇C_{X_j} comes from `backprop`
    on the mini-batch's columns. Returns an array of `draws` relative errors.
    """
    Y = _targets(net, Y)
    n = X.shape[1]
    g = as_vector(*backprop(net, X, Y, cost)) if exact is None else exact
    norm = np.linalg.norm(g)
    rng = np.random.default_rng(seed)
    errors = np.empty(draws)
    for d in range(draws):
        idx = draw_minibatch(rng, n, m)
        errors[d] = np.linalg.norm(as_vector(*backprop(net, X[:, idx], Y[:, idx], cost)) - g) / norm
    return errors


def expected_relative_error(net, X, Y, batch_sizes, cost="quadratic"):
    """The root-mean-square relative error sqrt(E ||g_m − g||²) / ||g|| for each m in
    `batch_sizes`, from the formula in this module's docstring (no sampling).

    σ² needs every ||∇C_x||², and BP4 makes these cheap: ∂C_x/∂w^l = δ^{x,l} (a^{x,l-1})^T is
    an outer product, so its squared norm is ||δ^{x,l}||² ||a^{x,l-1}||², and with BP3
    ||∇C_x||² = Σ_l ||δ^{x,l}||² (||a^{x,l-1}||² + 1). Then σ² = (1/n) Σ_x ||∇C_x||² − ||g||².
    """
    Y = _targets(net, Y)
    errors, forward = deltas(net, X, Y, cost)
    n = X.shape[1]
    sq_norms = sum(np.sum(delta * delta, axis=0) * (np.sum(a * a, axis=0) + 1)
                   for delta, a in zip(errors, forward.activations[:-1]))
    g_sq = np.linalg.norm(as_vector(*backprop(net, X, Y, cost))) ** 2
    sigma_sq = np.mean(sq_norms) - g_sq
    m = np.asarray(batch_sizes, dtype=float)
    return np.sqrt(sigma_sq / m * (n - m) / (n - 1) / g_sq)


def weight_components(net, X, Y, components, cost="quadratic"):
    """Per-example values of chosen weight derivatives: row i, column x is ∂C_x/∂w^l_{jk}
    for components[i] = (l, j, k), by BP4: ∂C_x/∂w^l_{jk} = a^{x,l-1}_k δ^{x,l}_j.

    l, j and k are the lecture's, j and k from 1: w^l_{jk} is net.w(l)[j - 1, k - 1]. The mean of
    a row is the full-gradient component ∂C/∂w^l_{jk}; the mean over a mini-batch's columns is
    its estimate.
    """
    for l, j, k in components:
        rows, columns = net.w(l).shape          # net.w checks that 2 <= l <= L
        if not (1 <= j <= rows and 1 <= k <= columns):
            raise ValueError(f"component (l, j, k) = {(l, j, k)} is not a weight w^l_jk: j counts the {rows} "
                             f"neurons of layer {l} from 1, k the {columns} of layer {l - 1}")
    errors, forward = deltas(net, X, _targets(net, Y), cost)
    return np.array([errors[l - 2][j - 1] * forward.a(l - 1)[k - 1] for l, j, k in components])


def minibatch_means(values, m, draws, seed=0):
    """Mini-batch estimates (1/m) Σ_j v_{X_j}: for `draws` mini-batches of m columns drawn
    without replacement, the mean of each row of `values` (shape (k, n)) over the batch's
    columns. Returns shape (draws, k)."""
    rng = np.random.default_rng(seed)
    n = values.shape[1]
    return np.array([values[:, draw_minibatch(rng, n, m)].mean(axis=1) for _ in range(draws)])
