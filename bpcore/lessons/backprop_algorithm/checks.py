"""Self-checks for the predictions of notebook 04 (the algorithm and why it is fast).

    check_zero_gradient_pixels(mask, net, X, labels)   which pixels' weights BP4 gives zero gradient
    check_output_errors(very_wrong, moderately_wrong)  |δ^L| = |a − y| a(1 − a) at a = 0.99 and 0.6, y = 0
    check_batch_weight_gradient(grad, net, X, Y)       ∂C/∂w^L of the mean cost: (1/m) Σ_x δ^{x,L} (a^{x,L-1})ᵀ
    check_forward_passes(n, sizes)                     forward passes of a central-difference gradient

The right answers come from bpcore's public functions on the same data, never from the
student's own arrays; a wrong answer is named when it is one of the natural slips.
"""
import numpy as np

from bpcore.backprop import backprop, deltas
from bpcore.lessons.kit.judge import Verdict, judge_array, judge_number, unwritten

VERY_WRONG, MODERATELY_WRONG = 0.99, 0.6   # output activations for the target y = 0


def check_zero_gradient_pixels(mask, net, X, labels):
    """`mask`: one True/False per pixel (input neuron), True where the student predicts that
    every weight from that pixel gets exactly zero gradient from the batch X."""
    name = "zero-gradient pixels"
    if (missing := unwritten(name, mask)) is not None:
        return missing
    _, nabla_w = backprop(net, X, labels)
    right = np.abs(nabla_w[0]).sum(axis=0) == 0
    given = np.asarray(mask)
    if given.shape != right.shape:
        hint = (" (one per image: reduce over axis=1, the examples are the columns)" if given.size == X.shape[1]
                else "")
        return Verdict(name, True, False, f"not yet: {given.size} values, expected one per pixel, "
                                          f"{right.size}{hint}")
    given = given.astype(bool)
    if np.array_equal(given, right):
        return Verdict(name, True, True, f"right: the {right.sum()} pixels that are 0 in every image of the "
                                         f"batch; their weights' gradient Σ_x a¹_k δ²_j is a sum of zeros")
    if np.array_equal(given, X.min(axis=1) == 0):
        why = "pixels that are 0 in at least one image; the gradient sums over the batch, so a pixel on in " \
              "any image teaches its weights something: it must be 0 in every image"
    elif np.array_equal(given, X[:, 0] == 0):
        why = "pixels that are 0 in the first image only; the gradient sums a¹_k δ²_j over every image"
    else:
        why = (f"{int(np.sum(given & ~right))} predicted pixels do get a gradient and "
               f"{int(np.sum(right & ~given))} zero-gradient pixels are missing; BP4 says the gradient is "
               f"a¹_k δ²_j, summed over the images")
    return Verdict(name, True, False, "not yet: " + why)


def check_output_errors(very_wrong, moderately_wrong):
    """|δ^L_j| for target y = 0 and output a = 0.99 (very wrong) and a = 0.6 (moderately wrong)."""
    verdicts = []
    for label, answer, a in (("a = 0.99", very_wrong, VERY_WRONG), ("a = 0.6", moderately_wrong, MODERATELY_WRONG)):
        right = a * a * (1 - a)          # |a − y| σ′(z) with y = 0 and σ′(z) = a(1 − a)
        slips = [(a, "|a − y| alone: BP1 multiplies it by σ′(z) = a(1 − a), missing σ′"),
                 (-right, "−|δ|: the check asks for the size |δ^L_j|, a positive number (δ itself is "
                          "+a · a(1 − a) here, the output being above its target)"),
                 (a * (1 - a), "σ′(z) = a(1 − a) alone: multiply by ∂C/∂a = a − y"),
                 (a * a, "(a − y) a: σ′ is a(1 − a), the factor (1 − a) is missing")]
        verdicts.append(judge_number(f"|δ^L| at {label}", answer, right, slips,
                                     lambda value: f"{value:.4g}", close_hint="keep more digits"))
    if all(v.right for v in verdicts):
        small, large = (a * a * (1 - a) for a in (VERY_WRONG, MODERATELY_WRONG))
        return Verdict("|δ^L|", True, True, f"right: {small:.4f} at a = 0.99 against {large:.4f} at a = 0.6: "
                                            f"the very wrong neuron's error is about {large / small:.0f} "
                                            f"times smaller")
    wrong = [v for v in verdicts if not v.right]
    return Verdict("|δ^L|", all(v.written for v in verdicts), False, "; ".join(str(v) for v in wrong))


def check_batch_weight_gradient(grad, net, X, Y):
    """∂C/∂w^L of the mean cost C = (1/m) Σ_x C_x over the columns of X."""
    m = X.shape[1]
    right = backprop(net, X, Y)[1][-1]
    errors, fp = deltas(net, X, Y)
    delta, a_prev = errors[-1], fp.a(net.L - 1)
    slips = [(m * right, f"Σ_x δ^(x,L) (a^(x,L-1))ᵀ, m = {m} times too large: a sum where a mean belongs. "
                         f"The cost is the mean (1/m) Σ_x C_x, so its gradient is the mean of the examples' "
                         f"gradients: divide by m"),
             (right.T, f"the transpose, shape {right.T.shape}: a δᵀ; ∂C/∂w^L has the shape of w^L, "
                       f"{right.shape}: δ @ a_prev.T / m"),
             (m * right.T, "the transpose (a δᵀ) and a sum where a mean belongs"),
             (delta.mean(axis=1, keepdims=True) @ a_prev.mean(axis=1, keepdims=True).T,
              "(mean of δ)(mean of a)ᵀ: the mean of the products is not the product of the means; "
              "multiply first (δ @ a_prev.T), then divide by m")]
    return judge_array("∂C/∂w^L", grad, right, slips,
                       f"(1/m) δ^L (a^(L-1))ᵀ, shape {right.shape} like w^L; the sum over the m = {m} "
                       f"examples is inside the matrix product",
                       lambda g: f"shape {g.shape} (expected {right.shape}) and not a slip this check knows; "
                                 f"BP4 for the batch is δ (a^(L-1))ᵀ, then divide by m")


def check_forward_passes(n, sizes):
    """The forward passes central differences need for one gradient of a network with layer
    sizes `sizes`: two, C(p + ε) and C(p − ε), for each weight and bias p."""
    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    biases = sum(sizes[1:])
    params = weights + biases
    slips = [(params, f"one per parameter ({params:,}); a central difference needs two, C(p + ε) and C(p − ε)"),
             (2 * weights, f"2 × {weights:,} weights: the {biases} biases are parameters too"),
             (params + 1, "the count of one-sided differences (C(p + ε) − C(p))/ε: right for that scheme, but "
                          "this one is central, two passes per parameter"),
             (2 * sum(sizes), "2 × the number of neurons; every weight and bias is nudged, not every neuron"),
             (2 * int(np.prod(sizes)), "2 × the product of the layer sizes: the weights between two layers "
                                       "are n_l n_(l-1), summed over the layers, plus the biases")]
    return judge_number("forward passes", n, 2 * params, slips,
                        lambda value: f"2 × ({weights:,} weights + {biases} biases) = {value:,.0f}",
                        close_hint="count again: 2 × (Σ n_l n_(l-1) + Σ n_l) over l = 2..L", relative=0)
