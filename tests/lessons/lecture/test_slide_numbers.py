"""Every number the worked example's slides print agrees with bpcore to the slide's rounding,
except the known slide error, which is flagged."""
import numpy as np

from bpcore.lessons.lecture import example as le
from bpcore.lessons.lecture import slide_numbers as sn


def test_every_slide_value_agrees_except_the_known_errors():
    rows = sn.comparison_rows()
    assert len(rows) == 32  # z², a², z³, a³, δ³, δ², ∂C/∂w³, ∂C/∂w², ∂C/∂b³, ∂C/∂b²
    flagged = [r for r in rows if not r.agrees]
    assert [r.entry for r in flagged] == ["∂C/∂w³_13"]
    assert all(r.note == "" for r in rows if r.agrees)


def test_the_known_slide_error_is_flagged_and_explained():
    (row,) = [r for r in sn.comparison_rows() if r.entry == "∂C/∂w³_13"]
    assert row.printed == "-0.0098" and row.decimals == 4 and not row.agrees
    assert round(row.computed, 4) == -0.0582
    assert "slide error" in row.note and "−0.0582" in row.note
    values = sn.computed_values()
    # the explanation is BP4 itself: a²_3 δ³_1
    assert np.isclose(row.computed, values["a2"][2] * values["delta3"][0])


def test_rounding_is_judged_by_the_printed_decimals():
    assert sn.decimals("-0.0098") == 4 and sn.decimals("0.29") == 2 and sn.decimals("1") == 0
    assert sn.agrees(0.2932, "0.29") and sn.agrees(0.325195, "0.33")
    assert not sn.agrees(0.2854, "0.28")          # the value z³_1 would have from the rounded a²
    assert sn.agrees(-0.03089, "-0.031") and not sn.agrees(-0.03089, "-0.0310000001")


def test_an_unexplained_disagreement_is_flagged_loudly():
    net = le.network()
    net.biases[0][0, 0] += 0.1   # changes z²_1 and everything after it
    rows = sn.comparison_rows(net)
    bad = [r for r in rows if not r.agrees]
    assert any(r.entry == "z²_1" and r.note.startswith("DISAGREES") for r in bad)


def test_values_match_the_lecture_by_hand():
    v = sn.computed_values()
    w2, w3, b2, b3 = (np.array(p) for p in (le.W2, le.W3, le.B2, le.B3))
    z2 = w2 @ np.array(le.X) + b2
    a2 = 1 / (1 + np.exp(-z2))
    z3 = w3 @ a2 + b3
    a3 = 1 / (1 + np.exp(-z3))
    d3 = (a3 - np.array(le.Y)) * a3 * (1 - a3)
    d2 = (w3.T @ d3) * a2 * (1 - a2)
    for key, ref in [("z2", z2), ("a2", a2), ("z3", z3), ("a3", a3), ("delta3", d3), ("delta2", d2),
                     ("dC/dw3", np.outer(d3, a2)), ("dC/dw2", np.outer(d2, le.X)),
                     ("dC/db3", d3), ("dC/db2", d2)]:
        np.testing.assert_allclose(v[key], ref, rtol=1e-12, atol=1e-15)


def test_format_rows_is_a_fixed_width_table():
    text = sn.format_rows(sn.comparison_rows())
    lines = text.splitlines()
    assert len(lines) == 34
    assert "∂C/∂w³_13    -0.0098  -0.058195  NO  <- slide error" in text
