"""Self-checks for writing BP1-BP4 yourself (notebook 04).

Write four functions with these signatures (one column per example, as everywhere in bpcore):

    bp1(nabla_a, z)              BP1: δ^L = ∇_a C ⊙ σ′(z^L)                  shape (n_L, m)
    bp2(w_next, delta_next, z)   BP2: δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)  shape (n_l, m)
    bp3(delta)                   BP3: Σ_x δ^{x,l}, the sum of ∂C_x/∂b^l      shape (n_l, 1)
    bp4(delta, a_prev)           BP4: Σ_x δ^{x,l} (a^{x,l-1})^T              shape (n_l, n_{l-1})

and call `check_all(bp1, bp2, bp3, bp4)`, or `check_bp1(bp1)` and so on. Each check runs the
function on a small seeded random batch with non-square shapes (so a missing transpose cannot
hide), compares it with bpcore's `output_error`, `backpropagate_error`, `bias_gradient` and
`weight_gradient`, and when the answer is wrong says why: the typical mistakes (a forgotten
transpose, a missing σ′, σ instead of σ′, z(1 − z) instead of a(1 − a), a wrong sign, an average
instead of a sum, a constant factor, a wrong shape, σ′ taken at the activation, an extra σ′) are
recognised by name. The judge is `kit.judge.judge_function`: a function returning None (the
notebook's stub) or raising NotImplementedError is "not written yet".
"""
import numpy as np

from bpcore.activations import sigmoid, sigmoid_prime
from bpcore.equations import backpropagate_error, bias_gradient, output_error, weight_gradient
from bpcore.lessons.kit.judge import judge_function

N_NEXT, N, N_PREV, M = 3, 5, 6, 4     # n_{l+1}, n_l, n_{l-1}, m: all different on purpose
# a mean over the batch on top of another slip: these functions return sums (backprop divides by m)
AVERAGED = (lambda g: g / M, f"averaged over the batch (1/m = 1/{M}) where the function sums")


def _case(seed=0):
    rng = np.random.default_rng(seed)
    return {
        "nabla_a": rng.normal(size=(N, M)),
        "z": rng.normal(0.0, 1.5, size=(N, M)),
        "w_next": rng.normal(size=(N_NEXT, N)),
        "delta_next": rng.normal(size=(N_NEXT, M)),
        "delta": rng.normal(size=(N, M)),
        "a_prev": rng.uniform(0.05, 0.95, size=(N_PREV, M)),
    }


def check_bp1(bp1, seed=0):
    """Check bp1(nabla_a, z) against BP1, δ^L = ∇_a C ⊙ σ′(z^L)."""
    c = _case(seed)
    g, z = c["nabla_a"], c["z"]
    s = sigmoid(z)
    expected = output_error(g, sigmoid_prime(z))
    mistakes = [
        (g, "missing σ′: BP1 multiplies ∇_a C element-wise by σ′(z^L)"),
        (g * s, "used σ(z^L) where BP1 needs its derivative σ′(z^L) = σ(z^L)(1 − σ(z^L))"),
        (g * z * (1 - z), "used z instead of a: σ′ = a(1 − a) takes the activation a = σ(z), not z "
                          "(compute σ(z) first, or call bpcore.sigmoid_prime(z))"),
        (g * z, "multiplied by z^L itself instead of by σ′(z^L)"),
        (g * sigmoid_prime(s), "σ′ taken at the activation, σ′(σ(z^L)): BP1 takes σ′ at the weighted input, "
                               "σ′(z^L) = σ(z^L)(1 − σ(z^L))"),
        (g * sigmoid_prime(z) ** 2, "an extra σ′: BP1 multiplies ∇_a C by σ′(z^L) once"),
        (g @ sigmoid_prime(z).T, "⊙ is the element-wise (Hadamard) product `*`, not a matrix product `@`"),
        (sigmoid_prime(z).T @ g, "⊙ is the element-wise (Hadamard) product `*`, not a matrix product `@`"),
    ]
    hints = {"error": "BP1 is element-wise: nabla_a * σ′(z), both of shape (n_L, m)"}
    return judge_function("BP1", bp1, (g, z), expected, mistakes, hints=hints,
                          explain=f"δ^L = ∇_a C ⊙ σ′(z^L) matches bpcore.output_error on a {N} × {M} batch")


def check_bp2(bp2, seed=0):
    """Check bp2(w_next, delta_next, z) against BP2, δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ′(z^l)."""
    c = _case(seed)
    w, d, z = c["w_next"], c["delta_next"], c["z"]
    s = sigmoid(z)
    back = w.T @ d
    expected = backpropagate_error(w, d, sigmoid_prime(z))
    mistakes = [
        (back, "missing σ′: after moving the error back with (w^{l+1})^T, BP2 multiplies by σ′(z^l)"),
        (back * s, "used σ(z^l) where BP2 needs its derivative σ′(z^l) = σ(z^l)(1 − σ(z^l))"),
        (back * z * (1 - z), "used z instead of a: σ′ = a(1 − a) takes the activation a = σ(z), not z"),
        (back * z, "multiplied by z^l itself instead of by σ′(z^l)"),
        (back * sigmoid_prime(s), "σ′ taken at the activation, σ′(σ(z^l)): BP2 takes σ′ at the weighted "
                                  "input, σ′(z^l)"),
        (back * sigmoid_prime(z) ** 2, "an extra σ′: δ^{l+1} already carries layer l+1's σ′; BP2 multiplies by "
                                       "σ′(z^l) once"),
    ]
    hints = {"error": f"the shapes must chain: w^{{l+1}} is {w.shape} and δ^{{l+1}} is {d.shape}, so only "
                      f"(w^{{l+1}})^T δ^{{l+1}} = w_next.T @ delta_next works; did you forget the transpose?"}
    return judge_function("BP2", bp2, (w, d, z), expected, mistakes, hints=hints,
                          explain=f"δ^l = ((w^{{l+1}})^T δ^{{l+1}}) ⊙ σ′(z^l) matches bpcore."
                                  f"backpropagate_error ({N_NEXT} → {N} neurons, {M} examples)")


def check_bp3(bp3, seed=0):
    """Check bp3(delta) against BP3 summed over the batch: Σ_x δ^{x,l}, shape (n_l, 1)."""
    d = _case(seed)["delta"]
    expected = bias_gradient(d)
    wrong_axis = ("summed over the wrong axis: axis 0 runs over the neurons; the examples are the columns, "
                  "so sum with axis=1")
    mistakes = [
        (expected / M, f"off by a factor 1/m = 1/{M}: you averaged over the batch; this function returns the "
                       f"sum Σ_x δ^{{x,l}} (backprop divides by m afterwards)"),
        (expected[:, 0], "the numbers are right but the shape is (n_l,): keep the column, "
                         "delta.sum(axis=1, keepdims=True)"),
        (expected[:, 0] / M, f"averaged instead of summing (off by a factor 1/m = 1/{M}), and the shape is "
                             f"(n_l,) instead of (n_l, 1)"),
        (d, "you returned δ itself: with one column per example, BP3 sums the columns, "
            "Σ_x δ^{x,l} = delta.sum(axis=1, keepdims=True)"),
        (d.sum(axis=0), wrong_axis),
        (d.sum(axis=0, keepdims=True), wrong_axis),
        (np.sum(d), "the sum over everything: sum over the examples only (axis=1), one number per neuron"),
    ]
    return judge_function("BP3", bp3, (d,), expected, mistakes, undo=[AVERAGED],
                          explain=f"Σ_x δ^{{x,l}} matches bpcore.bias_gradient, shape ({N}, 1)")


def check_bp4(bp4, seed=0):
    """Check bp4(delta, a_prev) against BP4 summed over the batch: Σ_x δ^{x,l} (a^{x,l-1})^T."""
    c = _case(seed)
    d, a = c["delta"], c["a_prev"]
    expected = weight_gradient(d, a)
    mistakes = [
        (expected / M, f"off by a factor 1/m = 1/{M}: you averaged over the batch; this function returns the "
                       f"sum Σ_x δ^{{x,l}} (a^{{x,l-1}})^T (backprop divides by m afterwards)"),
        (d @ (a * (1 - a)).T, "multiplied by σ′: BP4 has no σ′ factor, it is already inside δ^l; "
                              "∂C/∂w^l_{jk} = a^{l-1}_k δ^l_j"),
        (d @ sigmoid(a).T, "applied σ to a^{l-1}: a^{l-1} is already an activation, use it as it is"),
        (expected.T, "transposed: that is a^{l-1} δ^T; ∂C/∂w^l has the shape of w^l, (n_l, n_{l-1}), "
                     "so it is δ (a^{l-1})^T = delta @ a_prev.T"),
        (-expected.T, "transposed and with the sign flipped"),
        (np.outer(d.sum(axis=1), a.sum(axis=1)), "(Σ_x δ^x)(Σ_x a^x)^T, the product of the sums: BP4 sums the "
                                                 "products, δ (a^{l-1})^T = delta @ a_prev.T"),
        (d @ sigmoid_prime(a).T, "multiplied by σ′ of a^{l-1}: BP4 has no σ′ factor, ∂C/∂w^l_{jk} = a^{l-1}_k δ^l_j"),
    ]
    hints = {
        "error": f"the shapes must chain: δ^l is {d.shape} and a^{{l-1}} is {a.shape}, so the product is "
                 f"δ (a^{{l-1}})^T = delta @ a_prev.T; did you forget the transpose?",
    }
    return judge_function("BP4", bp4, (d, a), expected, mistakes, hints=hints, undo=[AVERAGED],
                          explain=f"Σ_x δ^{{x,l}} (a^{{x,l-1}})^T matches bpcore.weight_gradient, shape "
                                  f"({N}, {N_PREV})")


def check_all(bp1, bp2, bp3, bp4, seed=0):
    """Check all four functions and print one line each, then a summary."""
    verdicts = [check_bp1(bp1, seed), check_bp2(bp2, seed), check_bp3(bp3, seed), check_bp4(bp4, seed)]
    for v in verdicts:
        print(v)
    right = sum(v.right for v in verdicts)
    todo = sum(not v.written for v in verdicts)
    summary = f"{right} of 4 right"
    if todo:
        summary += f", {todo} not written yet"
    print(summary + ("." if right < 4 else ": you have written backpropagation's four equations."))
