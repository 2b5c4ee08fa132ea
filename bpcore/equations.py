"""The four backpropagation equations, BP1-BP4, one small function each.

A batch holds one example per column, so each equation is one array operation for the whole
batch. BP3 and BP4 return the sums Σ_x over the batch's columns that appear in the lecture's
update rule; for a single example they are exactly ∂C_x/∂b^l and ∂C_x/∂w^l.

Called without `out`, a function refuses arguments whose shapes do not fit the equation, with a
message that names them (numpy would broadcast some of them silently). With `out`, the array to
write into, the arguments are taken as given: that is the training loop, whose arrays fit by
construction and which checks nothing per mini-batch. NaN in gives NaN out, as in any arithmetic;
the public entry points (`backprop`, `sgd`, ...) refuse NaN data before it gets here.
"""
import functools

import numpy as np

from . import validate


def output_error(nabla_a, sigma_prime_z, out=None):
    """BP1: δ^L = ∇_a C ⊙ σ′(z^L), the error in the output layer."""
    if out is None:
        validate.same_shape("output_error", ("nabla_a", nabla_a), ("sigma_prime_z", sigma_prime_z))
    return np.multiply(nabla_a, sigma_prime_z, out=out)


def backpropagate_error(w_next, delta_next, sigma_prime_z, out=None):
    """BP2: δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l), the error in layer l from the error in l+1."""
    if out is None:
        validate.matrices("backpropagate_error", ("w_next", w_next), ("delta_next", delta_next), ("sigma_prime_z", sigma_prime_z))
        if w_next.shape[0] != delta_next.shape[0] or sigma_prime_z.shape != (w_next.shape[1], delta_next.shape[1]):
            raise ValueError(
                f"backpropagate_error: w_next is w^(l+1), shape (n_(l+1), n_l) = {w_next.shape}, so delta_next "
                f"needs {w_next.shape[0]} rows (one per neuron of layer l+1) and sigma_prime_z the shape "
                f"({w_next.shape[1]}, m) of z^l; got delta_next {delta_next.shape} and sigma_prime_z "
                f"{sigma_prime_z.shape}")
    delta = np.matmul(w_next.T, delta_next, out=out)
    delta *= sigma_prime_z
    return delta


def bias_gradient(delta, out=None):
    """BP3: ∂C/∂b^l_j = δ^l_j, summed over the batch's columns: Σ_x δ^{x,l}, shape (n_l, 1)."""
    if out is None:
        validate.matrices("bias_gradient", ("delta", delta))
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
    if out is None:
        validate.matrices("weight_gradient", ("delta", delta), ("a_prev", a_prev))
        if delta.shape[1] != a_prev.shape[1]:
            raise ValueError(
                f"weight_gradient: delta (δ^l) and a_prev (a^(l-1)) need one column per example each, "
                f"the same m; got shapes {delta.shape} and {a_prev.shape}")
    return np.matmul(delta, a_prev.T, out=out)
