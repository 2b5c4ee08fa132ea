"""Cost functions C, as the mean of the per-example cost C_x over the columns of a batch.

Each cost class owns three things: its value C, its output error δ^L (BP1), and both at once
for the training loop, which records each mini-batch's C on the way (`output_error_and_value`).
So SGD asks the cost for "δ^L and, if recorded, C" and never asks which cost it has.
All are safe at saturation: given z^L, the cross-entropy is computed from z rather than from
a = σ(z), so a neuron that is confidently wrong costs a large finite amount, never inf or NaN.

`value`, and `output_error` called without `out`, check their arguments' shapes; with `out`
(the training loop's preallocated buffers, which fit by construction) `output_error` and
`output_error_and_value` check nothing. `get_cost` turns a name into a class, and gives a cost
class of your own with `value` and `output_error` alone the rest.
"""
import numpy as np

from . import validate
from .activations import sigmoid_prime_from_activation
from .equations import output_error


class QuadraticCost:
    """The lecture's cost: C_x = ||y − a^L||² / 2, so ∇_a C_x = a^L − y."""

    @staticmethod
    def value(a, y, z=None):
        """C = (1/m) Σ_x ||y(x) − a^L(x)||² / 2 over the m columns."""
        _check("QuadraticCost.value", a, y, z)
        return float(0.5 * np.sum((a - y) ** 2) / a.shape[1])

    @staticmethod
    def output_error(a, y, out=None, scratch=None):
        """BP1: δ^L = (a^L − y) ⊙ σ′(z^L), with σ′(z^L) = a^L(1 − a^L). `out` receives δ^L and
        `scratch` σ′(z^L) (the training loop's buffers; then nothing is checked)."""
        if out is None:
            _check("QuadraticCost.output_error", a, y)
        nabla_a = np.subtract(a, y, out=out)
        # σ′ into an array of its own: a^L from a forward pass lies in [0, 1], no need to scan it
        sigma_prime = sigmoid_prime_from_activation(a, out=np.empty_like(a) if scratch is None else scratch)
        return output_error(nabla_a, sigma_prime, out=nabla_a)

    @staticmethod
    def output_error_and_value(a, y, z, out, scratch):
        """BP1 into `out` and C of the same batch: (δ^L, C_batch), nothing checked.

        δ^L = (a^L − y) ⊙ σ′(z^L) takes a^L − y first, and its dot product with itself is
        Σ_x ||y(x) − a^L(x)||², so C_batch = (1/2m) Σ_x ||y(x) − a^L(x)||² is one BLAS call
        more. δ^L is made by the same operations as `output_error`, in its order: the same bits.
        """
        nabla_a = np.subtract(a, y, out=out)
        value = np.vdot(nabla_a, nabla_a) * (0.5 / a.shape[1])   # vdot: the entries as one vector
        sigma_prime = sigmoid_prime_from_activation(a, out=scratch)
        return output_error(nabla_a, sigma_prime, out=nabla_a), value


class CrossEntropyCost:
    """C_x = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)].

    Its ∇_a C_x = (a − y) / (a(1 − a)) cancels σ′(z) = a(1 − a) in BP1, leaving
    δ^L = a^L − y: no σ′ factor, so a saturated output neuron still learns fast.
    """

    @staticmethod
    def value(a, y, z=None):
        """C = (1/m) Σ_x C_x. With z^L given, ln a = −ln(1 + e^{−z}) and
        ln(1 − a) = −ln(1 + e^{z}) are used, exact at any saturation."""
        _check("CrossEntropyCost.value", a, y, z)
        return _cross_entropy(a, y, z)

    @staticmethod
    def output_error(a, y, out=None, scratch=None):
        """BP1 for this cost: δ^L = ∇_a C ⊙ σ′(z^L) = a^L − y (`scratch` is not needed)."""
        if out is None:
            _check("CrossEntropyCost.output_error", a, y)
        return np.subtract(a, y, out=out)

    @staticmethod
    def output_error_and_value(a, y, z, out, scratch):
        """BP1 into `out` and C of the same batch from z^L, exact at saturation: (δ^L, C_batch),
        nothing checked."""
        return np.subtract(a, y, out=out), _cross_entropy(a, y, z)


def _cross_entropy(a, y, z):
    if z is not None:
        c = y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            c = -(np.where(y > 0, y * np.log(a), 0) + np.where(y < 1, (1 - y) * np.log1p(-a), 0))
    return float(np.sum(c) / a.shape[1])


def _check(function, a, y, z=None):
    # a few attribute reads, no pass over the data
    named = [("a", a), ("y", y)] + ([("z", z)] if z is not None else [])
    validate.matrices(function, *named)
    for name, value in named[1:]:
        if value.shape != a.shape:
            raise ValueError(f"{function}: a (a^L), y and z (z^L, if given) must have the same shape "
                             f"(n_L, m), one column per example; got {name} of shape {value.shape} "
                             f"and a of shape {a.shape}")


COSTS = {"quadratic": QuadraticCost, "cross-entropy": CrossEntropyCost}


def get_cost(cost):
    """A cost class from its name ('quadratic', 'cross-entropy') or the class itself.

    A cost class of your own needs `value(a, y, z=None)` and `output_error(a, y)`; given only
    those, it is wrapped once, here, into the full interface above (buffers and the fused
    `output_error_and_value`), so the training loop treats every cost alike.
    """
    if isinstance(cost, str):
        if cost not in COSTS:
            raise ValueError(f"cost must be one of {sorted(COSTS)}, got {cost!r}")
        return COSTS[cost]
    if not (hasattr(cost, "value") and hasattr(cost, "output_error")):
        raise TypeError(f"cost must be 'quadratic', 'cross-entropy' or a cost class with value(a, y, z=None) "
                        f"and output_error(a, y), got {cost!r}")
    return cost if hasattr(cost, "output_error_and_value") else _with_buffers(cost)


def _with_buffers(cost):
    """A cost with only value(a, y, z=None) and output_error(a, y), given the training loop's
    interface: δ^L is copied into the loop's buffer."""

    class Cost:
        __doc__ = getattr(cost, "__doc__", None)
        value = staticmethod(cost.value)

        @staticmethod
        def output_error(a, y, out=None, scratch=None):
            delta = cost.output_error(a, y)
            if out is None:
                return delta
            out[...] = delta
            return out

        @staticmethod
        def output_error_and_value(a, y, z, out, scratch):
            return Cost.output_error(a, y, out), cost.value(a, y, z=z)

    Cost.__name__ = Cost.__qualname__ = getattr(cost, "__name__", type(cost).__name__)
    return Cost
