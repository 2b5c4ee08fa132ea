"""Self-checks for notebook 02's "compute it first" cells: shapes of w^l and of a mini-batch's
Z^l, and one weighted input z^l_j.

A student predicts a shape or computes one number in a cell of their own; the check names the
natural slip a wrong answer matches (a transposed matrix, a forgotten bias, σ where z belongs,
a 0-based neuron, the wrong layer). Every check returns a `Verdict`; `None` means "not written yet".
"""
from bpcore.activations import sigmoid
from bpcore.lessons.kit.judge import judge_number, judge_shape

__all__ = ["check_weight_shape", "check_batch_shape", "check_weighted_input"]


def check_weight_shape(sizes, l, answer):
    """The shape of w^l in a network with layer sizes `sizes`: (n_l, n_{l−1})."""
    n = list(sizes)
    slips = [((n[l - 2], n[l - 3]), f"w^{l - 1}'s shape, the weights into layer {l - 1}")] if l >= 3 else []
    if l < len(n):
        slips.append(((n[l], n[l - 1]), f"w^{l + 1}'s shape, the weights out of layer {l}"))
    slips += [((n[l - 1], 1), f"b^{l}'s shape; w^{l} has one column per neuron of layer {l - 1}"),
              ((n[l - 1],), f"one entry per neuron of layer {l}, like b^{l}; w^{l} also has one column per "
                            f"neuron of layer {l - 1}")]
    return judge_shape(f"shape of w^{l}", answer, (n[l - 1], n[l - 2]), slips)


def check_batch_shape(sizes, l, m, answer):
    """The shape of Z^l for a mini-batch of m examples as m columns: (n_l, m)."""
    n = list(sizes)
    slips = [((n[l - 1], 1), f"z^{l} for one example; a batch of {m} has one column per example"),
             ((n[-1], m), f"the output a^L's shape; Z^{l} has one row per neuron of layer {l}"),
             ((n[l - 2], m), f"A^{l - 1}'s shape, the layer before; Z^{l} has one row per neuron of layer {l}"),
             ((n[l - 1], n[l - 2]), f"w^{l}'s shape; Z^{l} = w^{l} A^{l - 1} + b^{l} has the columns of A^{l - 1}")]
    return judge_shape(f"shape of Z^{l} for {m} examples", answer, (n[l - 1], m), slips)


def check_weighted_input(net, x, answer, j=1, l=3):
    """z^l_j = Σ_k w^l_jk a^{l−1}_k + b^l_j for the input column `x` (lecture's j, 1-based)."""
    fp = net.forward(x)
    w, b, a_prev = net.w(l), net.b(l)[:, 0], fp.a(l - 1)[:, 0]
    z = w @ a_prev + b
    i = j - 1
    slips = [(z[i] - b[i], f"z^{l}_{j} without the bias b^{l}_{j}: z = Σ_k w a + b"),
             (z[i] - 2 * b[i], f"z^{l}_{j} with the bias subtracted: z = Σ_k w a + b"),
             (float(sigmoid(z[i])), f"a^{l}_{j} = σ(z^{l}_{j}); the weighted input is the sum before σ"),
             (z[i] + (len(a_prev) - 1) * b[i], "the sum with the bias added once per term; it is added once")]
    slips += [(z[k], f"z^{l}_{k + 1}: lecture neuron {j} is numpy row {i}") for k in range(len(z)) if k != i]
    if l >= 3:
        slips.append((float(w[i] @ fp.z(l - 1)[:, 0] + b[i]),
                      f"the sum with z^{l - 1} where a^{l - 1} belongs: the weights multiply the activations "
                      f"a^{l - 1} = σ(z^{l - 1})"))
        slips.append((z[i] - b[i] + net.b(l - 1)[i, 0], f"the sum with b^{l - 1}_{j}, layer {l - 1}'s bias; "
                                                        f"z^{l}_{j} adds b^{l}_{j}"))
    return judge_number(f"z^{l}_{j}", answer, float(z[i]), slips,
                        lambda value: f"z^{l}_{j} = Σ_k w^{l}_{j}k a^{l - 1}_k + b^{l}_{j} = {float(z[i]):.4f}")
