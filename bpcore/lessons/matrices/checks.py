"""Self-checks for notebook 02's "compute it first" cells: shapes of w^l and of a mini-batch's
Z^l, and one weighted input z^l_j.

A student predicts a shape or computes one number in a cell of their own; the check names the
natural slip a wrong answer matches (a transposed matrix, a forgotten bias, σ where z belongs).
Every check returns a `Verdict`; `None` means "not written yet".
"""
from bpcore.activations import sigmoid
from bpcore.lessons.kit.judge import check_number, check_shape

__all__ = ["check_weight_shape", "check_batch_shape", "check_weighted_input"]


def check_weight_shape(sizes, l, answer):
    """The shape of w^l in a network with layer sizes `sizes`: (n_l, n_{l−1})."""
    n = list(sizes)
    slips = [((n[l - 2], n[l - 3]), f"that is w^{l - 1}, the weights into layer {l - 1}")] if l >= 3 else []
    slips.append(((n[l - 1], 1), f"that is b^{l}'s shape; w^{l} has one column per neuron of layer {l - 1}"))
    return check_shape(f"shape of w^{l}", answer, (n[l - 1], n[l - 2]), slips)


def check_batch_shape(sizes, l, m, answer):
    """The shape of Z^l for a mini-batch of m examples as m columns: (n_l, m)."""
    n = list(sizes)
    slips = [((n[l - 1], 1), f"that is z^{l} for one example; a batch of {m} has one column per example"),
             ((n[-1], m), f"that is the output a^L; Z^{l} has one row per neuron of layer {l}"),
             ((n[l - 1], n[l - 2]), f"that is w^{l}'s shape; Z^{l} = w^{l} A^{l - 1} + b^{l} has the columns of A^{l - 1}")]
    return check_shape(f"shape of Z^{l} for {m} examples", answer, (n[l - 1], m), slips)


def check_weighted_input(net, x, answer, j=1, l=3):
    """z^l_j = Σ_k w^l_jk a^{l−1}_k + b^l_j for the input column `x` (lecture's j, 1-based)."""
    fp = net.forward(x)
    w, b, a_prev = net.w(l), net.b(l)[:, 0], fp.a(l - 1)[:, 0]
    z = w @ a_prev + b
    i = j - 1
    slips = [(z[i] - b[i], f"the bias b^{l}_{j} is missing: z = Σ_k w a + b"),
             (float(sigmoid(z[i])), f"that is a^{l}_{j} = σ(z^{l}_{j}); the weighted input is the sum before σ"),
             (z[i] + (len(a_prev) - 1) * b[i], "the bias was added once per term; it is added once")]
    slips += [(z[k], f"that is z^{l}_{k + 1}: lecture neuron {j} is numpy row {i}") for k in range(len(z)) if k != i]
    if l >= 3:
        slips.append((float(w[i] @ fp.z(l - 1)[:, 0] + b[i]),
                      f"z^{l - 1} instead of a^{l - 1}: the weights multiply the activations a^{l - 1} = σ(z^{l - 1})"))
    return check_number(f"z^{l}_{j}", answer, float(z[i]), slips)
