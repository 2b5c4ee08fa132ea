"""08 Summary prints on one page, on Letter and on A4 paper.

Self-contained system test: nbconvert exports notebooks/08_summary.ipynb to HTML (its default
"lab" template, as a student's "Download as HTML" gives it), a one-line @page rule sets the paper
size and a 10 mm margin (about the browser's default), and headless Chromium prints it to PDF.
The PDF's pages are counted; each paper size must give exactly one. The page is also rendered to
tests/browser/screenshots/summary_print_<paper>.png (with poppler's pdftoppm, if installed) to
look at.

Run with `python3 tasks.py browser -k summary` or `pytest -m browser tests/browser/test_summary_print.py`;
plain `pytest` skips it (marker `browser`). Needs /usr/bin/chromium (or $CHROMIUM).
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "08_summary.ipynb"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# nbconvert's HTML loads MathJax 2.7 from a CDN; offline, Debian's libjs-mathjax (the same 2.7)
# typesets the formulas, so the page is measured with its math as a reader sees it.
MATHJAX = Path(os.environ.get("MATHJAX_JS", "/usr/share/javascript/mathjax/MathJax.js"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--virtual-time-budget=20000"]
PAPERS = {"letter": "Letter", "a4": "A4"}


def page_count(pdf):
    """The number of page objects in a PDF (Chromium writes them uncompressed: /Type /Page)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.fixture(scope="module")
def summary_html(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (set CHROMIUM to its path)")
    if not MATHJAX.exists():
        pytest.skip(f"no MathJax 2.7 at {MATHJAX} (apt-get install libjs-mathjax, or set MATHJAX_JS)")
    out = tmp_path_factory.mktemp("summary")
    subprocess.run([sys.executable, "-m", "nbconvert", "--to", "html", "--output-dir", str(out),
                    f"--HTMLExporter.mathjax_url={MATHJAX.as_uri()}?config=TeX-AMS_CHTML-full,Safe",
                    "--output", "summary", str(NOTEBOOK)], check=True, capture_output=True, timeout=120)
    return (out / "summary.html").read_text(encoding="utf-8"), out


def with_paper(html, paper, folder):
    page = folder / f"summary_{paper}.html"
    rule = f"<style>@page {{ size: {PAPERS[paper]}; margin: 10mm; }}</style>"
    page.write_text(html.replace("</head>", rule + "</head>", 1), encoding="utf-8")
    return page


def chromium(folder, *args):
    profile = folder / "profile"
    return subprocess.run([CHROMIUM, *CHROMIUM_ARGS, f"--user-data-dir={profile}", *args], check=True,
                          capture_output=True, timeout=120).stdout


def print_to_pdf(html, paper, folder):
    page = with_paper(html, paper, folder)
    pdf = folder / f"summary_{paper}.pdf"
    chromium(folder, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    return pdf


def test_summary_formulas_are_typeset(summary_html):
    """What is printed has its formulas typeset by MathJax, not as raw TeX."""
    html, folder = summary_html
    dom = chromium(folder, "--dump-dom", with_paper(html, "a4", folder).as_uri()).decode("utf-8")
    body = re.sub(r"<script.*?</script>", "", dom, flags=re.S)
    assert "MathJax_CHTML" in body, "MathJax did not typeset the page"
    assert "\\frac" not in re.sub(r"<[^>]+>", "", body.split("<body", 1)[1]).replace("MathJax", "")


@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_summary_prints_on_one_page(summary_html, paper):
    html, folder = summary_html
    assert "</head>" in html
    pdf = print_to_pdf(html, paper, folder)
    pages = page_count(pdf.read_bytes())
    if shutil.which("pdftoppm"):
        SCREENSHOTS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(SCREENSHOTS / f"summary_print_{paper}")], check=True, timeout=60)
    assert pages == 1, f"08_summary prints on {pages} {PAPERS[paper]} pages, not one"


def test_page_count_reads_chromium_pdfs(summary_html, tmp_path):
    """The counter itself: a page that is three pages long counts three."""
    html, _ = summary_html
    long_page = tmp_path / "long.html"
    long_page.write_text("<html><head></head><body>" + "<p style='height: 900px'>x</p>" * 3 + "</body></html>")
    pdf = print_to_pdf(long_page.read_text(), "a4", tmp_path)
    assert page_count(pdf.read_bytes()) == 3
