"""Cost functions C, as the mean of the per-example cost C_x over the columns of a batch.

Each cost gives its value and its output error δ^L (BP1). Both are safe at saturation:
given z^L, the cross-entropy is computed from z rather than from a = σ(z), so a neuron that
is confidently wrong costs a large finite amount, never inf or NaN.
"""
import numpy as np

from .activations import sigmoid_prime_from_activation
from .equations import output_error


class QuadraticCost:
    """The lecture's cost: C_x = ||y − a^L||² / 2, so ∇_a C_x = a^L − y."""

    @staticmethod
    def value(a, y, z=None):
        """C = (1/m) Σ_x ||y(x) − a^L(x)||² / 2 over the m columns."""
        return float(0.5 * np.sum((a - y) ** 2) / a.shape[1])

    @staticmethod
    def output_error(a, y, out=None, scratch=None):
        """BP1: δ^L = (a^L − y) ⊙ σ′(z^L), with σ′(z^L) = a^L(1 − a^L)."""
        nabla_a = np.subtract(a, y, out=out)
        return output_error(nabla_a, sigmoid_prime_from_activation(a, out=scratch), out=nabla_a)


class CrossEntropyCost:
    """C_x = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)].

    Its ∇_a C_x = (a − y) / (a(1 − a)) cancels σ′(z) = a(1 − a) in BP1, leaving
    δ^L = a^L − y: no σ′ factor, so a saturated output neuron still learns fast.
    """

    @staticmethod
    def value(a, y, z=None):
        """C = (1/m) Σ_x C_x. With z^L given, ln a = −ln(1 + e^{−z}) and
        ln(1 − a) = −ln(1 + e^{z}) are used, exact at any saturation."""
        if z is not None:
            c = y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                c = -(np.where(y > 0, y * np.log(a), 0) + np.where(y < 1, (1 - y) * np.log1p(-a), 0))
        return float(np.sum(c) / a.shape[1])

    @staticmethod
    def output_error(a, y, out=None, scratch=None):
        """BP1 for this cost: δ^L = ∇_a C ⊙ σ′(z^L) = a^L − y."""
        return np.subtract(a, y, out=out)


COSTS = {"quadratic": QuadraticCost, "cross-entropy": CrossEntropyCost}


def get_cost(cost):
    """A cost class from its name ('quadratic', 'cross-entropy') or the class itself."""
    if isinstance(cost, str):
        if cost not in COSTS:
            raise ValueError(f"cost must be one of {sorted(COSTS)}, got {cost!r}")
        return COSTS[cost]
    if hasattr(cost, "value") and hasattr(cost, "output_error"):
        return cost
    raise TypeError(f"cost must be 'quadratic', 'cross-entropy' or a cost class, got {cost!r}")
