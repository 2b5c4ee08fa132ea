"""In what sense is backpropagation fast? (Nielsen, ch. 2.)

The gradient of C_x by central differences, ∂C/∂p ≈ (C(p + ε) − C(p − ε)) / 2ε, needs two
forward passes per parameter: 2 × 23,860 = 47,720 for a [784, 30, 10] network. Backprop gets
every ∂C/∂p from one forward and one backward pass. Timing all 47,720 passes would add about a
second to every run of the notebook, so `gradient_timing` times the differences for a seeded
random sample of parameters and extrapolates the time per pass to all of them; it also checks the
sample against backprop.
"""
import time
from typing import NamedTuple

import numpy as np

from .. import validate
from ..activations import sigmoid
from ..backprop import backprop
from ..costs import get_cost
from .lecture_example import nudged_weighted_inputs


class GradientTiming(NamedTuple):
    n_params: int          # weights and biases
    n_passes: int          # forward passes central differences need: 2 per parameter
    backprop_s: float      # one call of bpcore.backprop (best of `repeat`)
    pass_s: float          # one forward pass, measured on the sample
    sample: int            # parameters timed
    differences_s: float   # n_passes × pass_s: extrapolated, not measured
    worst_error: float     # max |difference − backprop| over the sample

    @property
    def ratio(self):
        return self.differences_s / self.backprop_s


def _best(f, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def gradient_timing(net, x, y, sample=500, seed=0, repeat=5, eps=1e-5, cost="quadratic"):
    """Time ∇C_x by backprop and by central differences on `sample` random parameters.

    Each sampled parameter is nudged in place and put back in a `finally`, so `net` ends as it
    began even when the cost raises. x and y are checked once (`validate.batch`); the timed
    passes are the bare forward pass and cost, without the check."""
    for name, value in (("sample", sample), ("repeat", repeat), ("seed", seed)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < (name != "seed"):
            raise ValueError(f"{name} must be a {'non-negative' if name == 'seed' else 'positive'} integer, "
                             f"got {value!r}")
    if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not 0 < eps < 1:
        raise ValueError(f"eps must be a small positive number such as 1e-5, got {eps!r}")
    cost = get_cost(cost)
    X, Y = validate.batch(net, x, y)                 # checks x and y once, names the fix
    grads = sum(backprop(net, X, Y, cost), [])

    def C():
        z_L = nudged_weighted_inputs(net, X, 2, 0, 0.0)[-1]      # the forward pass, not nudged
        return cost.value(sigmoid(z_L), Y, z=z_L)

    params = net.weights + net.biases
    grads = grads[len(net.biases):] + grads[:len(net.biases)]     # the order of `params`
    n = sum(p.size for p in params)
    rng = np.random.default_rng(seed)
    chosen = rng.choice(n, size=min(sample, n), replace=False)
    starts = np.cumsum([0] + [p.size for p in params])

    located = []
    for flat in chosen:
        i = int(np.searchsorted(starts, flat, side="right") - 1)
        located.append((i, np.unravel_index(flat - starts[i], params[i].shape)))
    worst = 0.0

    def differences():
        nonlocal worst
        for i, index in located:
            saved = params[i][index]
            try:
                params[i][index] = saved + eps
                c_plus = C()
                params[i][index] = saved - eps
                c_minus = C()
            finally:
                params[i][index] = saved
            worst = max(worst, abs((c_plus - c_minus) / (2 * eps) - grads[i][index]))

    # best of `repeat` for both, so a busy machine slows neither side of the ratio alone
    pass_s = _best(differences, repeat) / (2 * len(chosen))
    backprop_s = _best(lambda: backprop(net, x, y, cost), repeat)
    return GradientTiming(n, 2 * n, backprop_s, pass_s, len(chosen), 2 * n * pass_s, float(worst))
