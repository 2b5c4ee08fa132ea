"""bpcore.lessons.matrices.figures: notebook 02's column view is readable when projected."""
import numpy as np

from bpcore.lessons.matrices.figures import ColumnView
from figure_text import smallest_text_px


def test_column_view_text_is_at_least_11_css_px():
    rng = np.random.default_rng(0)
    view = ColumnView(rng.random((784, 5)), rng.random((10, 5)), [1, 2, 3, 4, 5])
    view.widget(column=2)
    assert smallest_text_px(view.live.fig, view.live.css_dpi) >= 11
