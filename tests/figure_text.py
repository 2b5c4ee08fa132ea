"""The readability rule the lessons' figures are tested against: no visible text under 10 pt at
80 dpi, that is 11 CSS px."""

MIN_TEXT_PX = 11


def smallest_text_px(fig, css_dpi=None):
    """The smallest font of the figure's visible text in CSS px, for a figure shown at `css_dpi`
    pixels per inch (default: its dpi, as `figures.show` shows a static figure)."""
    fig.canvas.draw()
    sizes = [t.get_fontsize() for t in fig.findobj(lambda a: hasattr(a, "get_fontsize") and hasattr(a, "get_text"))
             if t.get_text().strip() and t.get_visible()]
    return min(sizes) * (css_dpi or fig.dpi) / 72
