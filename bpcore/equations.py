"""The four backpropagation equations, BP1-BP4, one small function each.

A batch holds one example per column, so each equation is one array operation for the whole
batch. BP3 and BP4 return the sums Σ_x over the batch's columns that appear in the lecture's
update rule; for a single example they are exactly ∂C_x/∂b^l and ∂C_x/∂w^l.
"""
import functools

import numpy as np


def output_error(nabla_a, sigma_prime_z, out=None):
    """BP1: δ^L = ∇_a C ⊙ σ′(z^L), the error in the output layer."""
    return np.multiply(nabla_a, sigma_prime_z, out=out)


def backpropagate_error(w_next, delta_next, sigma_prime_z, out=None):
    """BP2: δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l), the error in layer l from the error in l+1."""
    delta = np.matmul(w_next.T, delta_next, out=out)
    delta *= sigma_prime_z
    return delta


def bias_gradient(delta, out=None):
    """BP3: ∂C/∂b^l_j = δ^l_j, summed over the batch's columns: Σ_x δ^{x,l}, shape (n_l, 1)."""
    # δ times a column of ones: the same sum, and on small batches several times faster
    # than np.sum(delta, axis=1), which matters once per layer per mini-batch
    return np.matmul(delta, _ones_column(delta.shape[1], delta.dtype), out=out)


@functools.lru_cache(maxsize=16)
def _ones_column(m, dtype):
    ones = np.ones((m, 1), dtype)
    ones.flags.writeable = False  # shared between calls
    return ones


def weight_gradient(delta, a_prev, out=None):
    """BP4: ∂C/∂w^l_{jk} = a^{l-1}_k δ^l_j, summed over the batch: Σ_x δ^{x,l} (a^{x,l-1})^T.

    One matrix product, shape (n_l, n_{l-1}) like w^l.
    """
    return np.matmul(delta, a_prev.T, out=out)
