"""The lecture's notation as text: a quantity's label (w³₁₃, δ²₁) in Unicode, and the values of
each neuron (z, a, δ, b) written as a drawing shows them. Indices are the lecture's, from 1."""
import numpy as np

from bpcore import deltas

_SUPERSCRIPT = str.maketrans("0123456789+-T", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ᵀ")
_SUBSCRIPT = str.maketrans("0123456789ijk", "₀₁₂₃₄₅₆₇₈₉ᵢⱼₖ")


def sup(text):
    """Digits, +, − and T as superscripts: sup('l+1') is not supported, sup(3) == '³', sup('T') == 'ᵀ'."""
    return str(text).translate(_SUPERSCRIPT)


def sub(text):
    """Digits and i, j, k as subscripts: sub('13') == '₁₃', sub('jk') == 'ⱼₖ'."""
    return str(text).translate(_SUBSCRIPT)


def text_label(kind, l, *indices):
    """The lecture's label in Unicode, as the drawing writes it: text_label('w', 3, 1, 3) == 'w³₁₃';
    indices may be letters: text_label('w', 3, 'j', 'k') == 'w³ⱼₖ'.

    Plain text, not mathtext: a step of the step-by-step widget redraws every label, and
    matplotlib's mathtext parser takes tens of ms per new string. Indices of 10 or more are
    separated by commas: w²₁,₁₂."""
    symbol = {"delta": "δ"}.get(kind, kind)
    sep = "," if any(isinstance(i, int) and i >= 10 for i in indices) else ""
    return symbol + sup(l) + sep.join(sub(i) for i in indices)


def neuron_values(net, x, y=None, show=("a",), cost="quadratic"):
    """{(l, j): text} with the requested quantities of each neuron for input x (and target y,
    which δ needs): 'z' and 'a' from the forward pass, 'delta' δ^l_j from BP1-BP2, 'b' the bias."""
    forward = net.forward(np.asarray(x, dtype=float)) if any(s in show for s in ("z", "a", "delta")) else None
    errors = None
    if "delta" in show:
        if y is None:
            raise ValueError("show='delta' needs the target y as well as the input x")
        errors, _ = deltas(net, x, y, cost)
    values = {}
    for l, n in enumerate(net.sizes, start=1):
        for j in range(1, n + 1):
            lines = []
            if "z" in show and l > 1:
                lines.append(f"z = {forward.z(l)[j - 1, 0]:.4f}")
            if "a" in show:
                lines.append(f"a = {forward.a(l)[j - 1, 0]:.4f}")
            if "delta" in show and l > 1:
                lines.append(f"δ = {errors[l - 2][j - 1, 0]:.4f}")
            if "b" in show and l > 1:
                lines.append(f"b = {net.b(l)[j - 1, 0]:.2f}")
            if lines:
                values[(l, j)] = "\n".join(lines)
    return values
