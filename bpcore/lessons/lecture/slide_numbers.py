"""Every number the worked example's slides print, beside bpcore's.

`SLIDE_VALUES` holds each number as the printed string, so the rounding each was printed with
is kept (−0.0098 has 4 decimals, −0.031 has 3). `comparison_rows` sets each beside bpcore's
value; a slide value "agrees" when bpcore's value rounds to it, i.e.
|computed − printed| ≤ ½·10^(−decimals). Entries index neurons from 1 as the slides do
(z^2_1 is `z[0]`).
"""
from typing import NamedTuple

import numpy as np

from bpcore.backprop import backprop, deltas

from .example import COST, X, Y, network

FEEDFORWARD = "Backpropagation Example: Feedforward"
ERROR = "Backpropagation Example: Error"
WEIGHTS = "Backpropagation Example: Output: Weight Gradients"
BIASES = "Backpropagation Example: Output: Bias Gradients"

# quantity -> (symbol, slide, the numbers as printed). The bias-gradient slide writes
# ∂C/∂b^3 = δ^3 and ∂C/∂b^2 = δ^2 without new numbers: its numbers are those of the Error slide.
SLIDE_VALUES = {
    "z2": ("z²", FEEDFORWARD, ("-0.88", "-0.73", "0.21")),
    "a2": ("a²", FEEDFORWARD, ("0.29", "0.33", "0.55")),
    "z3": ("z³", FEEDFORWARD, ("0.28", "1.06")),
    "a3": ("a³", FEEDFORWARD, ("0.57", "0.74")),
    "delta3": ("δ³", ERROR, ("-0.1054", "-0.0492")),
    "delta2": ("δ²", ERROR, ("0.0033", "-0.0054", "-0.0053")),
    "dC/dw3": ("∂C/∂w³", WEIGHTS, (("-0.031", "-0.034", "-0.0098"), ("-0.014", "-0.016", "-0.027"))),
    "dC/dw2": ("∂C/∂w²", WEIGHTS, (("0.0033", "0.0033"), ("-0.0054", "-0.0054"), ("-0.0053", "-0.0053"))),
    "dC/db3": ("∂C/∂b³", BIASES, ("-0.1054", "-0.0492")),
    "dC/db2": ("∂C/∂b²", BIASES, ("0.0033", "-0.0054", "-0.0053")),
}

# (quantity, entry from 1) -> why the slide is wrong. Every other slide value agrees.
KNOWN_SLIDE_ERRORS = {
    ("dC/dw3", (1, 3)): "slide error: BP4 gives a²_3 δ³_1 = 0.5523 × (−0.1054) = −0.0582, not −0.0098",
}


class Row(NamedTuple):
    """One slide number beside bpcore's: e.g. Row('z²_1', 'Backpropagation Example: Feedforward',
    '-0.88', -0.88, 2, True, '')."""
    entry: str         # the symbol with its indices from 1, e.g. '∂C/∂w³_13'
    slide: str         # the slide's title
    printed: str       # the number as the slide prints it
    computed: float    # bpcore's value
    decimals: int      # decimals the slide printed
    agrees: bool       # |computed − printed| ≤ ½·10^(−decimals)
    note: str          # why a disagreement happens, '' when it agrees


def computed_values(net=None):
    """bpcore's numbers for every quantity in SLIDE_VALUES, for input X and target Y:
    z^l, a^l from the forward pass, δ^l from BP1-BP2, ∂C/∂w^l and ∂C/∂b^l from backprop."""
    net = network() if net is None else net
    x, y = np.array(X), np.array(Y)
    (delta2, delta3), forward = deltas(net, x, y, COST)
    nabla_b, nabla_w = backprop(net, x, y, COST)
    return {
        "z2": forward.z(2)[:, 0], "a2": forward.a(2)[:, 0], "z3": forward.z(3)[:, 0], "a3": forward.a(3)[:, 0],
        "delta3": delta3[:, 0], "delta2": delta2[:, 0],
        "dC/dw3": nabla_w[1], "dC/dw2": nabla_w[0],
        "dC/db3": nabla_b[1][:, 0], "dC/db2": nabla_b[0][:, 0],
    }


def decimals(printed):
    """How many decimals a printed number has: decimals('-0.0098') == 4."""
    return len(printed.split(".")[1]) if "." in printed else 0


def agrees(computed, printed):
    """True when `computed` rounds to the slide's `printed` number at the slide's decimals."""
    return abs(computed - float(printed)) <= 0.5 * 10.0 ** -decimals(printed) + 1e-12


def comparison_rows(net=None):
    """Every slide number beside bpcore's value, as a list of `Row`, in the slides' order."""
    values = computed_values(net)
    rows = []
    for quantity, (symbol, slide, printed) in SLIDE_VALUES.items():
        printed = np.array(printed, dtype=object)
        for index in np.ndindex(printed.shape):
            entry = tuple(i + 1 for i in index)
            computed = float(values[quantity][index])
            ok = agrees(computed, printed[index])
            note = KNOWN_SLIDE_ERRORS.get((quantity, entry), "")
            if not ok and not note:
                note = "DISAGREES beyond the slide's rounding (not a known slide error)"
            rows.append(Row(f"{symbol}_{''.join(map(str, entry))}", slide, printed[index], computed,
                            decimals(printed[index]), ok, note))
    return rows


def format_rows(rows, digits=6):
    """The rows as a fixed-width text table, bpcore's values with `digits` decimals."""
    lines = [f"{'entry':<11} {'slide':>8} {'bpcore':>10}  agrees to the slide's rounding?",
             "-" * 64]
    for r in rows:
        verdict = "yes" if r.agrees else "NO"
        lines.append(f"{r.entry:<11} {r.printed:>8} {r.computed:>10.{digits}f}  {verdict}"
                     + (f"  <- {r.note}" if r.note else ""))
    return "\n".join(lines)
