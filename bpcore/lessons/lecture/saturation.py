"""Saturation: what the word means in these lessons, defined once.

Backprop Insight 1 of the lecture: "a weight learns slowly if ... the output neuron is either
high- or low-activation (i.e., saturated)". BP1 and BP2 multiply every error δ^l_j by
σ′(z^l_j) = σ(z^l_j)(1 − σ(z^l_j)), which is at most 1/4 (at z = 0) and falls like e^{−|z|}
away from it; by BP3 and BP4 the neuron's bias and incoming weights learn in proportion to δ^l_j.

**Saturated**, everywhere in bpcore's lessons (this module is its one definition): a neuron
whose activation σ(z) is within 0.01 of 0 or of 1, that is |z| > ln 99 ≈ 4.595 (`SATURATION_Z`).
There σ′(z) < σ′(ln 99) = 0.99 × 0.01 = 0.0099, less than 4% of its largest value 1/4.
`is_saturated(z)` and `saturated_share(z)` apply it; every lesson imports them from here.

Notebook 06 measures what saturation does (its package, `bpcore.lessons.saturation`); notebook 05
names a gradient-descent run saturated when an output ends saturated (`worked_example.eta_study`);
notebook 07 counts saturated outputs after a run (`training_dashboard.training_run`). Left out:
other activation functions.
"""
import numpy as np

from bpcore.activations import sigmoid_prime

__all__ = ["SATURATION_Z", "SATURATION_MARGIN", "SIGMA_PRIME_MAX", "is_saturated", "saturated_share",
           "sigma_prime_ratio"]

SATURATION_MARGIN = 0.01
"""A neuron is saturated when σ(z) is within this margin of 0 or of 1."""

SATURATION_Z = float(np.log((1 - SATURATION_MARGIN) / SATURATION_MARGIN))
"""|z| beyond which a sigmoid neuron is saturated: ln 99 ≈ 4.595, where σ(z) = 0.99."""

SIGMA_PRIME_MAX = 0.25
"""σ′(0) = 1/4, the largest value σ′ takes."""


def is_saturated(z):
    """True where |z| > ln 99, i.e. where σ(z) < 0.01 or σ(z) > 0.99 (an array like z)."""
    return np.abs(np.asarray(z, dtype=float)) > SATURATION_Z


def saturated_share(z):
    """The share of the entries of z (for example the (neuron, image) pairs of z^l) that are
    saturated, |z| > ln 99, as a float between 0 and 1."""
    return float(np.mean(is_saturated(z)))


def sigma_prime_ratio(z):
    """(σ′(z), σ′(z)/σ′(0)): σ′ at z and the share of its largest value 1/4 that is left."""
    value = float(sigmoid_prime(float(z)))
    return value, value / SIGMA_PRIME_MAX
