"""The curvature of a cost near a minimum, and the largest learning rate that settles there: the
one home of the Hessian-and-2/λ study that notebooks 01 (one neuron's cost surface) and 05 (the
worked example) both make.

Near a minimum θ* the cost is a bowl, C(θ* + u) ≈ C(θ*) + uᵀ H u / 2, with H the Hessian (the
matrix of second derivatives ∂²C/∂θ_i∂θ_k). Its gradient there is H u, so a gradient-descent step
maps u → (I − η H) u. Along H's eigenvector of eigenvalue λ the distance to θ* is multiplied by
|1 − ηλ| each step (`step_factor`):

    η < 2/λ_max    |1 − ηλ| < 1 along every direction: every step shrinks the distance;
    η > 2/λ_max    |1 − ηλ_max| > 1: each step overshoots the minimum by more than it started
                   from along the steepest direction, and the distance grows.

`curvature(H)` names these numbers (a `Curvature`); `hessian_by_differences` measures H where no
formula is at hand, by central differences (`bpcore.central_difference`) of a gradient.
"""
from typing import NamedTuple

import numpy as np

from bpcore.gradcheck import EPS, central_difference

__all__ = ["Curvature", "curvature", "hessian_by_differences", "step_factor"]


class Curvature(NamedTuple):
    """The curvature of C at a point: the eigenvalues of its Hessian and what they set."""
    lambda_max: float         # along the steepest direction
    lambda_next: float        # the next one (λ_min for two parameters)
    eta_edge: float           # 2/λ_max: above it a step overshoots along the steepest direction
    eigenvalues: np.ndarray   # all of them, ascending
    eigenvectors: np.ndarray  # column i belongs to eigenvalues[i]


def curvature(H):
    """The Curvature of a symmetric Hessian H (at least 2 × 2)."""
    H = np.asarray(H, dtype=float)
    if H.ndim != 2 or H.shape[0] != H.shape[1] or H.shape[0] < 2 or not np.allclose(H, H.T):
        raise ValueError(f"H must be a symmetric square matrix of at least 2 × 2 second derivatives, "
                         f"got shape {H.shape}{'' if H.ndim != 2 or H.shape[0] != H.shape[1] else ', not symmetric'}")
    eigenvalues, eigenvectors = np.linalg.eigh(H)
    lam_max = float(eigenvalues[-1])
    return Curvature(lam_max, float(eigenvalues[-2]), 2.0 / lam_max, eigenvalues, eigenvectors)


def hessian_by_differences(gradient, theta, eps=EPS):
    """H_ik = ∂²C/∂θ_i∂θ_k by central differences of the gradient: column k is

        (∇C(θ + ε e_k) − ∇C(θ − ε e_k)) / 2ε,

    symmetrised, (H + Hᵀ)/2. `gradient(theta)` returns ∇C at `theta` as a vector; `theta` (a
    float vector) is nudged one entry at a time by `bpcore.central_difference` and ends as it
    began. ε is the core's, for the reason given there (truncation ∝ ε² against round-off ∝ 1/ε)."""
    theta = np.asarray(theta)
    if theta.ndim != 1 or theta.dtype.kind != "f":
        raise TypeError(f"theta must be a 1-D float array of the parameters, got {theta.dtype} {theta.shape}")
    H = np.empty((theta.size, theta.size))
    for k in range(theta.size):
        H[:, k] = central_difference(lambda: gradient(theta), theta, k, eps)
    return (H + H.T) / 2


def step_factor(eta, lam):
    """|1 − ηλ|: what one gradient-descent step of learning rate η multiplies the distance to the
    minimum by, along a direction of curvature λ (an array of λ gives an array)."""
    return np.abs(1 - eta * np.asarray(lam, dtype=float))
