"""In what sense is backpropagation fast? (Nielsen, ch. 2.)

The gradient of C_x by central differences, ∂C/∂p ≈ (C(p + ε) − C(p − ε)) / 2ε, needs two
forward passes per parameter: 2 × 23,860 = 47,720 for a [784, 30, 10] network. Backprop gets
every ∂C/∂p from one forward and one backward pass. Timing all 47,720 passes would add about a
second to every run of the notebook, so `gradient_timing` times the differences for a seeded
random sample of parameters and extrapolates the time per pass to all of them; it also checks the
sample against backprop. The differences are the core's (`bpcore.central_difference` on the
core's `cost_function`, with its ε): what is timed is what a gradient check would run.
"""
import time
from typing import NamedTuple

import numpy as np

from bpcore.backprop import backprop
from bpcore.gradcheck import central_difference
from bpcore.metrics import cost_function


class GradientTiming(NamedTuple):
    n_params: int          # weights and biases
    n_passes: int          # forward passes central differences need: 2 per parameter
    backprop_s: float      # one call of bpcore.backprop (best of `repeat`)
    pass_s: float          # one forward pass and its nudge, measured on the sample
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


def gradient_timing(net, x, y, sample=500, seed=0, repeat=5, cost="quadratic"):
    """Time ∇C_x by backprop and by central differences on `sample` random parameters.

    Each sampled parameter is nudged in place and put back by `bpcore.central_difference`, so
    `net` ends as it began even when the cost raises. x and y are checked once (by the core's
    `cost_function`, which names the fix); the timed passes are its bare forward pass and cost."""
    for name, value in (("sample", sample), ("repeat", repeat), ("seed", seed)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < (name != "seed"):
            raise ValueError(f"{name} must be a {'non-negative' if name == 'seed' else 'positive'} integer, "
                             f"got {value!r}")
    C = cost_function(net, x, y, cost)               # checks x, y and cost once
    grads = sum(backprop(net, x, y, cost), [])
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
            worst = max(worst, abs(central_difference(C, params[i], index) - grads[i][index]))

    # best of `repeat` for both, so a busy machine slows neither side of the ratio alone
    pass_s = _best(differences, repeat) / (2 * len(chosen))
    backprop_s = _best(lambda: backprop(net, x, y, cost), repeat)
    return GradientTiming(n, 2 * n, backprop_s, pass_s, len(chosen), 2 * n * pass_s, float(worst))
