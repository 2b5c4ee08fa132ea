"""The lecture's notation as a person says it: text for screen readers (status lines, text
alternatives, accessible names), where the written form is garbled by speech synthesis.

    words("δ² = ((w³)ᵀ δ³) ⊙ σ′(z²)")
    'delta superscript 2 equals ((w superscript 3) transposed delta superscript 3) element-wise
     times sigma prime of (z superscript 2)'
    words("∂C/∂w³₁₃ = -0.0582")   'partial C over partial w superscript 3, row 1, column 3 equals minus 0.0582'
    number(4.54e-05)              '4.54 times 10 to the minus 5'

Why: a speech synthesizer (espeak-ng, as Orca uses it) drops subscripts (w³₁₃ is "w three"),
reads "^" and "_" as nothing (w^3_9,19 is "w three nine nineteen"), a hyphen-minus before a
number as nothing (-0.0582 is "zero point zero five eight two"), ⊙ as nothing and ∂ as "delta".
A weight w^l_jk is said with its row j and column k (the lecture's matrix w^l: row j is neuron j
of layer l, column k neuron k of layer l − 1); any other symbol with its subscripts.
"""
import math
import re

_SUP = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹ᵀ", "0123456789T"))
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉ᵢⱼₖ", "0123456789ijk"))
_GREEK = {"δ": "delta", "σ′": "sigma prime", "σ": "sigma", "η": "eta", "Δ": "delta", "λ": "lambda",
          "∇": "nabla"}
_LETTER = r"(?:σ′|[A-Za-zδσηΔλ])"
# a symbol with a superscript and subscripts, written in Unicode (w³₁₃, w²₁,₁₂, a²ⱼ) or with
# carets (w^3_13, w^3_9,19, w^{l+1}, z^l_j)
_UNICODE = re.compile(rf"(?<![A-Za-z])({_LETTER})([⁰¹²³⁴⁵⁶⁷⁸⁹]+)([₀₁₂₃₄₅₆₇₈₉ᵢⱼₖ]+(?:,[₀₁₂₃₄₅₆₇₈₉]+)*)?")
_CARET = re.compile(rf"(?<![A-Za-z])({_LETTER})\^(\{{[^}}]*\}}|[0-9A-Za-z]+)(?:_(\{{[^}}]*\}}|[0-9a-z]+(?:,[0-9a-z]+)*))?")
_SCIENTIFIC = re.compile(r"(\d+(?:\.\d+)?)e([+-]?)0*(\d+)")
_PARTIAL = re.compile(r"∂(\w+)\s*/\s*∂")
_REPLACEMENTS = [
    ("⊙", " element-wise times "), ("×", " times "), ("·", " times "), ("≈", " is about "),
    ("→", " becomes "), ("÷", " divided by "), ("½", "one half "), ("⋮", " and so on"), ("…", " and so on"),
    ("Σ", " the sum of "), ("ᵀ", " transposed"), ("^T", " transposed"), ("′", " prime"),
]


def number(x, digits=3):
    """x in words a synthesizer says right: a minus sign as "minus", a power of ten in words:
    number(-4.54e-05) == 'minus 4.54 times 10 to the minus 5', number(0.163) == '0.163'."""
    if not math.isfinite(x):
        return "not a number" if math.isnan(x) else ("minus " if x < 0 else "") + "infinity"
    return words(format(x, f".{digits}g"))


def _indices(kind, text):
    """'13' -> 'row 1, column 3' for a weight, else 'subscript 1 3'; '9,19' -> 'row 9, column 19'."""
    parts = text.split(",") if "," in text else list(text)
    if kind == "w" and len(parts) == 2:
        return f"row {parts[0]}, column {parts[1]}"
    return "subscript " + " ".join(parts)


def symbol(kind, superscript, subscript=None):
    """'w', '3', '13' -> 'w superscript 3, row 1, column 3'; 'δ', '2' -> 'delta superscript 2'."""
    sup = superscript.replace("+", " plus ").replace("-", " minus ").replace(",", ", ")
    text = f"{_GREEK.get(kind, kind)} superscript {sup}" + (f", {_indices(kind, subscript)}" if subscript else "")
    return f"\x00{text}\x01"   # marked: two symbols side by side are a product (see words)


def _unicode(match):
    sup = "".join(_SUP[c] for c in match[2])
    sub = "".join(_SUB.get(c, c) for c in match[3]) if match[3] else None
    return symbol(match[1], sup, sub)


def _caret(match):
    sup = match[2].strip("{}")
    if sup == "T":   # (w^3)^T, a^T: a transpose, not a layer
        return f"\x00{_GREEK.get(match[1], match[1])} transposed\x01"
    return symbol(match[1], sup, match[3].strip("{}") if match[3] else None)


def words(text):
    """`text` with the lecture's notation written as it is said (see the module docstring)."""
    text = _SCIENTIFIC.sub(lambda m: f"{m[1]} times 10 to the {'minus ' if m[2] == '-' else ''}{m[3]}", text)
    text = _PARTIAL.sub(r"partial \1 over partial ", text)
    text = _CARET.sub(_caret, text)
    text = _UNICODE.sub(_unicode, text)
    text = re.sub("\x01\\s*\x00", " times ", text).replace("\x00", "").replace("\x01", "")
    text = re.sub(r"‖([^‖]+)‖²", r"the squared length of (\1)", text)
    for written, said in _GREEK.items():   # σ′(z), σ(z): a function of z
        text = re.sub(rf"{written}\s*\(", f"{said} of (", text)
    for written, said in _REPLACEMENTS:
        text = text.replace(written, said)
    text = re.sub(r"(^|[\s(=,:])[-−](?=\s*\d)", r"\1minus ", text)   # a sign, not a hyphen
    text = re.sub(r"\s[-−]\s", " minus ", text)
    text = re.sub(r"\s\+\s", " plus ", text)
    text = re.sub(r"\s=\s", " equals ", text)
    return re.sub(r"\s+", " ", text).replace(" ,", ",").strip()
