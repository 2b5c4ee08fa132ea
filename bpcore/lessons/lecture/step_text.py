"""Numbers written into the step-through's equations so that the arithmetic shown is true.

A step shows, e.g., ``∂C/∂w³₁₃ = a²₃ δ³₁ = 0.5523 × (−0.1054) = −0.0582``. Each number is
rounded for display, so the shown factors need not give the shown result: 0.534900 × (−0.059739)
is −0.031954, shown −0.0320, but the shown factors 0.5349 × (−0.0597) give −0.0319. `product` and `total` write every number with
the fewest decimals (4 to 8) at which the shown operands, combined exactly (in decimal) and
rounded to that many decimals, give the shown result; where none does, the line says "≈".
"""
from decimal import ROUND_HALF_EVEN, Decimal

from bpcore.lessons.kit.notation import sup
from bpcore.lessons.kit.notation import text_label as _sym

DIGITS = (4, 5, 6, 7, 8)
MAX_TERMS = 3   # sums written term by term up to this many terms, else with Σ


def shown(v, digits=4):
    """v as written: fixed point, a minus sign, e.g. '-0.0582'."""
    return f"{v:.{digits}f}"


def factor(v, digits=4):
    """v as a factor of a product: a negative number in parentheses, '(-0.1054)'."""
    text = shown(v, digits)
    return f"({text})" if text.startswith("-") else text


def _holds(result, combined, digits):
    quantum = Decimal(1).scaleb(-digits)
    return combined.quantize(quantum, ROUND_HALF_EVEN) == Decimal(shown(result, digits))


def digits_for(result, operands, combine):
    """(decimals, "=" or "≈"): the fewest decimals at which combine(the shown operands as
    Decimals) rounds to the shown result."""
    for digits in DIGITS:
        if _holds(result, combine([Decimal(shown(v, digits)) for v in operands]), digits):
            return digits, "="
    return DIGITS[-1], "≈"


def product(u, v, result):
    """'u × v = result' with u, v and result shown so that the product shown is true."""
    digits, sign = digits_for(result, (u, v), lambda shown_: shown_[0] * shown_[1])
    return f"{factor(u, digits)} × {factor(v, digits)} {sign} {shown(result, digits)}"


def total(terms, result):
    """'t₁ + t₂ + … = result' (negative terms written '− 0.1234'), true as shown."""
    digits, sign = digits_for(result, terms, sum)
    text = shown(terms[0], digits)
    for t in terms[1:]:
        text += f" − {shown(-t, digits)}" if shown(t, digits).startswith("-") else f" + {shown(t, digits)}"
    return f"{text} {sign} {shown(result, digits)}"


def vector(v, digits=4, limit=4):
    """(v_1, ..., v_n) with at most `limit` entries written out (all with limit=None: text
    alternatives list every number)."""
    entries = [shown(e, digits) for e in v]
    if limit is not None and len(entries) > limit:
        entries = entries[:3] + [f"… ({len(entries) - 3} more)"]
    return "(" + ", ".join(entries) + ")"


def rows(items, limit):
    """At most `limit` lines, then a line that says how many more there are."""
    items = list(items)
    if len(items) <= limit:
        return items
    return items[:limit - 1] + [f"⋮  ({len(items) - limit + 1} more)"]


# ---------------------------------------------------------------- the lines of the steps
def feedforward_heading(sizes, l):
    """The feedforward step's first line: the sum written term by term (the order of the terms
    in each neuron's line below) where there are at most MAX_TERMS, else in matrix form."""
    if sizes[l - 2] <= MAX_TERMS:
        terms = " + ".join(f"{_sym('w', l, 'j', k)}{_sym('a', l - 1, k)}" for k in range(1, sizes[l - 2] + 1))
        return f"{_sym('z', l, 'j')} = {terms} + {_sym('b', l, 'j')},   {_sym('a', l, 'j')} = σ({_sym('z', l, 'j')})"
    return f"z{sup(l)} = w{sup(l)} a{sup(l - 1)} + b{sup(l)},   a{sup(l)} = σ(z{sup(l)})"


def feedforward_line(net, p, l, j):
    """z^l_j as the sum of its terms w^l_jk a^{l-1}_k and b^l_j, each term's value written out
    (in the order of `feedforward_heading`), and a^l_j."""
    w, b = net.w(l)[j - 1], net.b(l)[j - 1, 0]
    activation = f"{_sym('a', l, j)} = {shown(p.a[l][j - 1])}"
    if len(w) <= MAX_TERMS:
        terms = [wk * ak for wk, ak in zip(w, p.a[l - 1])] + [b]
        return f"{_sym('z', l, j)} = {total(terms, p.z[l][j - 1])},   {activation}"
    return (f"{_sym('z', l, j)} = Σₖ {_sym('w', l, j, 'k')} {_sym('a', l - 1, 'k')} + {_sym('b', l, j)} = "
            f"{shown(p.z[l][j - 1])},   {activation}")


def bp1_line(p, y, L, j):
    a, target, sigma_prime, delta = p.a[L][j - 1], y[j - 1], p.sigma_prime[L][j - 1], p.delta[L][j - 1]
    digits, sign = digits_for(delta, (a, target, sigma_prime), lambda s: (s[0] - s[1]) * s[2])
    return (f"{_sym('delta', L, j)} = ({shown(a, digits)} − {factor(target, digits)}) × {factor(sigma_prime, digits)}"
            f" {sign} {shown(delta, digits)}")


def bp2_line(net, back, p, l, j):
    n_next = net.sizes[l]
    if n_next <= MAX_TERMS:
        terms = " + ".join(f"{_sym('w', l + 1, k, j)} {_sym('delta', l + 1, k)}" for k in range(1, n_next + 1))
    else:
        terms = f"Σₖ {_sym('w', l + 1, 'k', j)} {_sym('delta', l + 1, 'k')}"
    return (f"{_sym('delta', l, j)} = ({terms}) σ′({_sym('z', l, j)}) = "
            + product(back[j - 1], p.sigma_prime[l][j - 1], p.delta[l][j - 1]))


def descent_line(name, old, eta, gradient, new):
    """'name:  old − η × gradient = new', true as shown (η as given, exactly)."""
    rate = Decimal(repr(float(eta)))
    digits, sign = digits_for(new, (old, gradient), lambda s: s[0] - rate * s[1])
    return f"{name}:  {shown(old, digits)} − {eta:g} × {factor(gradient, digits)} {sign} {shown(new, digits)}"
