"""Self-checks for the predictions of notebook 04 (the algorithm and why it is fast).

    check_zero_gradient_pixels(mask, net, X, labels)   which pixels' weights BP4 gives zero gradient
    check_output_errors(very_wrong, moderately_wrong)  |δ^L| = |a − y| a(1 − a) at a = 0.99 and 0.6, y = 0
    check_batch_weight_gradient(grad, net, X, Y)       ∂C/∂w^L of the mean cost: (1/m) Σ_x δ^{x,L} (a^{x,L-1})ᵀ
    check_forward_passes(n, sizes)                     forward passes of a central-difference gradient

The right answers come from bpcore's public functions on the same data, never from the
student's own arrays; a wrong answer is named when it is one of the natural slips.
"""
import numpy as np

from bpcore.activations import sigmoid, sigmoid_prime
from bpcore.backprop import backprop, deltas
from bpcore.lessons.kit.judge import (Verdict, combine, judge_array, judge_count, judge_mask, judge_number,
                                      unwritten)

VERY_WRONG, MODERATELY_WRONG = 0.99, 0.6   # output activations for the target y = 0


def check_zero_gradient_pixels(mask, net, X, labels):
    """`mask`: one True/False per pixel (input neuron), True where the student predicts that
    every weight from that pixel gets exactly zero gradient from the batch X. A 28 × 28 image
    of the mask holds the same pixels (row by row, as X's rows do) and is judged as such."""
    name = "zero-gradient pixels"
    if (missing := unwritten(name, mask)) is not None:
        return missing
    if np.size(mask) == X.shape[1] != X.shape[0]:
        return Verdict(name, True, False, f"not yet: {np.size(mask)} values, one per image; the mask has one per "
                                          f"pixel, {X.shape[0]}: reduce over axis=1, the examples are the columns")
    _, nabla_w = backprop(net, X, labels)
    right = np.abs(nabla_w[0]).sum(axis=0) == 0
    slips = [(X.min(axis=1) == 0, "pixels that are 0 in at least one image; the gradient sums over the batch, "
                                  "so a pixel on in any image teaches its weights something: it must be 0 in "
                                  "every image"),
             (X[:, 0] == 0, "pixels that are 0 in the first image only; the gradient sums a¹_k δ²_j over "
                            "every image"),
             (X.max(axis=1) != 0, "the pixels that are on in some image: the opposite, those are the ones whose "
                                  "weights do get a gradient")]
    return judge_mask(name, mask, right, slips,
                      f"the {right.sum()} pixels that are 0 in every image of the batch; their weights' gradient "
                      f"Σ_x a¹_k δ²_j is a sum of zeros",
                      lambda extra, lost: f"{extra} predicted pixels do get a gradient and {lost} zero-gradient "
                                          f"pixels are missing; BP4 says the gradient is a¹_k δ²_j, summed over "
                                          f"the images", item="pixel")


def check_output_errors(very_wrong, moderately_wrong):
    """|δ^L_j| for target y = 0 and output a = 0.99 (very wrong) and a = 0.6 (moderately wrong)."""
    verdicts = []
    for label, answer, a in (("a = 0.99", very_wrong, VERY_WRONG), ("a = 0.6", moderately_wrong, MODERATELY_WRONG)):
        right = a * a * (1 - a)          # |a − y| σ′(z) with y = 0 and σ′(z) = a(1 − a)
        z = np.log(a / (1 - a))          # the weighted input with σ(z) = a
        slips = [(a, "|a − y| alone: BP1 multiplies it by σ′(z) = a(1 − a), missing σ′"),
                 (-right, "−|δ|: the check asks for the size |δ^L_j|, a positive number (δ itself is "
                          "+a · a(1 − a) here, the output being above its target)"),
                 (a * (1 - a), "σ′(z) = a(1 − a) alone: multiply by ∂C/∂a = a − y"),
                 (a * a, "(a − y) a: σ(z) where BP1 has σ′(z) = a(1 − a); the factor (1 − a) is missing"),
                 (a * float(sigmoid_prime(a)), f"(a − y) σ′(a) = {a:g} σ′({a:g}), σ′ taken at the activation: "
                                               f"σ′ is taken at z, σ′(z) = a(1 − a)"),
                 (a * z * (1 - z), "(a − y) z(1 − z): σ′ is a(1 − a) with a = σ(z)"),
                 (right * a * (1 - a), "(a − y) σ′(z)², an extra σ′: BP1 has one"),
                 ((1 - a) * a * (1 - a), "|1 − a| σ′(z): that is the error for the target y = 1; here y = 0")]
        verdicts.append(judge_number(f"|δ^L| at {label}", answer, right, slips, lambda value: f"{value:.4g}",
                                     otherwise="|δ^L_j| = |a − y| σ′(z) with σ′(z) = a(1 − a)"))
    small, large = (a * a * (1 - a) for a in (VERY_WRONG, MODERATELY_WRONG))
    return combine("|δ^L|", verdicts, f"{small:.4f} at a = 0.99 against {large:.4f} at a = 0.6: the very "
                                      f"wrong neuron's error is about {large / small:.0f} times smaller")


def check_batch_weight_gradient(grad, net, X, Y):
    """∂C/∂w^L of the mean cost C = (1/m) Σ_x C_x over the columns of X."""
    m, L = X.shape[1], net.L
    right = backprop(net, X, Y)[1][-1]
    errors, fp = deltas(net, X, Y)
    delta, a_prev, z, a = errors[-1], fp.a(L - 1), fp.z(L), fp.a(L)
    slips = [(m * right, f"Σ_x δ^(x,L) (a^(x,L-1))ᵀ, m = {m} times too large: a sum where a mean belongs. "
                         f"The cost is the mean (1/m) Σ_x C_x, so its gradient is the mean of the examples' "
                         f"gradients: divide by m"),
             (right.T, f"the transpose, shape {right.T.shape}: a δᵀ; ∂C/∂w^L has the shape of w^L, "
                       f"{right.shape}: δ @ a_prev.T / m"),
             (m * right.T, "the transpose (a δᵀ) and a sum where a mean belongs"),
             (delta.mean(axis=1, keepdims=True) @ a_prev.mean(axis=1, keepdims=True).T,
              "(mean of δ)(mean of a)ᵀ: the mean of the products is not the product of the means; "
              "multiply first (δ @ a_prev.T), then divide by m"),
             (-right, "the right size with the sign flipped: δ^L comes from a − y, not y − a"),
             ((a - Y) @ a_prev.T / m, "(1/m)(a^L − y)(a^(L-1))ᵀ, missing σ′: δ^L = (a^L − y) ⊙ σ′(z^L)"),
             ((delta * sigmoid_prime(z)) @ a_prev.T / m, "an extra σ′(z^L): it is already inside δ^L (BP1)"),
             (((a - Y) * sigmoid_prime(a)) @ a_prev.T / m, "δ^L computed with σ′(a^L), σ′ taken at the "
                                                           "activation: BP1 takes σ′(z^L)"),
             (((a - Y) * sigmoid(z)) @ a_prev.T / m, "δ^L computed with σ(z^L) where BP1 has σ′(z^L)"),
             (((a - Y) * z * (1 - z)) @ a_prev.T / m, "δ^L computed with z(1 − z): σ′ is a(1 − a) with a = σ(z)"),
             (delta @ fp.z(L - 1).T / m, "(1/m) δ^L (z^(L-1))ᵀ: the weights multiply the activations a^(L-1)"),
             (delta @ sigmoid(a_prev).T / m, "(1/m) δ^L σ(a^(L-1))ᵀ: a^(L-1) is already an activation")]
    if L >= 3:
        slips.append((errors[-2] @ fp.a(L - 2).T / m, f"∂C/∂w^{L - 1}, the layer before: the question asks for "
                                                      f"w^L, the output layer's weights"))
    return judge_array("∂C/∂w^L", grad, right, slips,
                       f"(1/m) δ^L (a^(L-1))ᵀ, shape {right.shape} like w^L; the sum over the m = {m} "
                       f"examples is inside the matrix product",
                       otherwise="BP4 for the batch is δ (a^(L-1))ᵀ, then divide by m",
                       undo=[(lambda g: m * g, f"a sum where a mean belongs ({m} times too large)")])


def check_forward_passes(n, sizes):
    """The forward passes central differences need for one gradient of a network with layer
    sizes `sizes`: two, C(p + ε) and C(p − ε), for each weight and bias p. A count: exact."""
    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    biases = sum(sizes[1:])
    params = weights + biases
    slips = [(params, f"one per parameter ({params:,}); a central difference needs two, C(p + ε) and C(p − ε)"),
             (2 * weights, f"2 × {weights:,} weights: the {biases} biases are parameters too"),
             (weights, f"one per weight: the {biases} biases are parameters too, and each parameter needs two"),
             (params + 1, "the count of one-sided differences (C(p + ε) − C(p))/ε: right for that scheme, but "
                          "this one is central, two passes per parameter"),
             (2 * params + 1, "2 × parameters + 1: the central difference does not use C(p) itself"),
             (2 * (weights + sum(sizes)), "2 × (weights + a bias for every neuron): the input layer has no biases"),
             (2 * sum(sizes), "2 × the number of neurons; every weight and bias is nudged, not every neuron"),
             (2 * int(np.prod(sizes)), "2 × the product of the layer sizes: the weights between two layers "
                                       "are n_l n_(l-1), summed over the layers, plus the biases")]
    return judge_count("forward passes", n, 2 * params, slips,
                       lambda value: f"2 × ({weights:,} weights + {biases} biases) = {value:,.0f}",
                       otherwise="2 × (Σ n_l n_(l-1) + Σ n_l) over l = 2..L")
