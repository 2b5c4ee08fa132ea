"""Every notebook in Colab's runtime, in the classic Notebook 6.5.7 with widgetsnbextension 3.6.10 and
anywidget 0.9.21 (the front end nearest Colab's that runs here), in headless Chromium: Run All
with no error and every widget shown, then every slider moved with the keyboard, every button
pressed and every menu changed, each followed by a redrawn figure in its output. Colab's own front
end (its widget manager and output frames) is not tested: it cannot run outside Google.
"""
import json
import os
import secrets
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from colab_env import ROOT, clean_env
from loopback import stop_tree

pytestmark = pytest.mark.colab

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WAIT_MS = 20_000          # a control's redraw (a kernel round trip), generously
TRAIN_MS = 240_000        # the dashboard's Train button trains a network first
RENDER_MS = 120_000       # after the last cell: every widget output rendered, on a busy machine
STARTUP_MS = 60_000       # the widget manager's start-up (below), on a busy machine

# widgetsnbextension 3.6's widget manager, when the page connects to a kernel, asks the kernel for
# the widgets it already has; ipywidgets 7.7.1's kernel has no control comm, so it says so on the
# console and asks with comm_info instead. When that answer arrives, it renders again every output
# area that holds a widget view, and doing so removes the live views in them (and blanks their
# model ids). A Run All sent before that request queues it behind every cell: the answer then comes
# at the end of the run, and every live figure of the run vanishes. So the test waits for the
# manager's start-up to end before Run All, as a student does who opens a notebook and reads it.
FALLBACK_NOTICE = 'Failed to fetch ipywidgets through the "jupyter.widget.control" comm channel'
WATCH_STARTUP = """(() => {
    const warn = console.warn;
    console.warn = function (...args) {
        if (String(args[0]).includes(%s)) window.__widgetManagerAsked = true;
        return warn.apply(this, args);
    };
})();""" % json.dumps(FALLBACK_NOTICE)

# Every widget output of the notebook that is not rendered yet, as [cell, output, what it shows].
# Rendered: its view is in the page (a widget element, or a slider of bpcore.lessons.controls,
# whose class and <input> anywidget's code adds together, in its output area) and every image in
# it has loaded.
NOT_RENDERED = """() => {
    const missing = [];
    Jupyter.notebook.get_cells().forEach((cell, c) => {
        if (!cell.output_area) return;
        const areas = Array.from(cell.output_area.element[0].children).filter(e => e.classList.contains('output_area'));
        cell.output_area.outputs.forEach((output, o) => {
            if (!(output.data && output.data['application/vnd.jupyter.widget-view+json'])) return;
            const view = areas[o] && areas[o].querySelector('.jupyter-widgets-view');
            const why = !view ? 'no widget view in its output area'
                : !view.querySelector('.jupyter-widgets, .bpcore-range') ? 'its view is empty'
                : Array.from(view.querySelectorAll('img')).some(i => !(i.complete && i.naturalWidth > 0))
                    ? 'an image has not loaded' : null;
            if (why) missing.push([c, o, why + ': ' + (areas[o] ? areas[o].innerText.replace(/\\s+/g, ' ').slice(0, 120) : '')]);
        });
    });
    return missing;
}"""

# The figures in a control's output area, as one string that changes when any of them is redrawn.
FIGURES = "el => Array.from(el.closest('.output_area').querySelectorAll('img')).map(i => i.src).join('|')"
REDRAWN = f"([el, before]) => ({FIGURES})(el) !== before"


@pytest.fixture(scope="module")
def notebook6(colab_runtime, tmp_path_factory, free_port):
    """Notebook 6.5.7 of the Colab runtime, serving copies of the notebooks, on 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("notebook6")
    content = tmp / "content"
    shutil.copytree(ROOT / "notebooks", content, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    port, token = free_port(), secrets.token_hex(16)
    env = clean_env(HOME=str(tmp), JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
                    JUPYTER_DATA_DIR=str(tmp / "data"))
    log = tmp / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(colab_runtime.python), "-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1",
             f"--port={port}", f"--NotebookApp.token={token}", f"--notebook-dir={content}",
             "--NotebookApp.port_retries=0"], cwd=tmp, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"Notebook 6 did not start:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
        yield base, token
    finally:
        stop_tree(process)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: sudo apt-get install -y chromium (or set CHROMIUM)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        yield chromium
        chromium.close()


def run_all(page, base, token, name):
    """Open the notebook, clear its stored outputs and run every cell, then wait until every widget
    output is rendered; returns the page's errors and the outputs not rendered (findings), and the
    seconds from the last cell's end to the last output rendered (None if some never were)."""
    errors = []
    page.on("pageerror", lambda error: errors.append(f"page error: {error}"))
    page.add_init_script(WATCH_STARTUP)
    page.goto(f"{base}/notebooks/{name}?token={token}")
    page.wait_for_function("() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && "
                           "Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.info_reply && "
                           "Jupyter.notebook.kernel.info_reply.status", timeout=120_000)
    wait_widget_manager(page, name)
    cells = page.evaluate("""() => {
        window.__finished = 0;
        Jupyter.notebook.events.on('finished_execute.CodeCell', () => window.__finished++);
        Jupyter.notebook.clear_all_output();
        Jupyter.notebook.execute_all_cells();
        return Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').length; }""")
    page.wait_for_function(f"() => window.__finished >= {cells}", timeout=600_000)
    missing, seconds = wait_rendered(page)
    return errors + missing, seconds


def wait_widget_manager(page, name, timeout=STARTUP_MS):
    """Wait until the widget manager has asked the kernel for its widgets (WATCH_STARTUP sees its
    notice) and the answer has arrived: a comm_info request sent now is answered after the
    manager's, the kernel answering in order."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function("() => window.__widgetManagerAsked === true", timeout=timeout, polling=50)
    except PlaywrightTimeout:
        pytest.fail(f"{name}: the widget manager did not ask the kernel for its widgets within {timeout / 1000:.0f} s "
                    f"(no console notice {FALLBACK_NOTICE!r})")
    page.evaluate("() => new Promise(done => Jupyter.notebook.kernel.comm_info('jupyter.widget', done))")


def wait_rendered(page, timeout=RENDER_MS):
    """Wait until every widget output is rendered (NOT_RENDERED is empty), at most `timeout` ms.
    Returns (a finding for each output that is not, the seconds it took or None)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    start = time.monotonic()
    try:
        page.wait_for_function(f"() => ({NOT_RENDERED})().length === 0", timeout=timeout, polling=100)
    except PlaywrightTimeout:
        return [f"cell {c}, output {o}: not rendered {timeout / 1000:.0f} s after the last cell finished ({why})"
                for c, o, why in page.evaluate(NOT_RENDERED)], None
    return [], time.monotonic() - start


def outputs_report(page):
    return page.evaluate("""() => {
        const outputs = Jupyter.notebook.get_cells().flatMap(c => c.output_area ? c.output_area.outputs : []);
        return {
          errors: outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
          stderr: outputs.filter(o => o.output_type === 'stream' && o.name === 'stderr').map(o => o.text.slice(0, 300)),
          widgets: outputs.filter(o => o.data && o.data['application/vnd.jupyter.widget-view+json']).length,
          shown: Array.from(document.querySelectorAll('.output_area .jupyter-widgets-view'))
                 .filter(v => v.querySelector('.jupyter-widgets, .bpcore-range')).length,
          broken: Array.from(document.querySelectorAll('.output_area')).map(a => a.innerText)
                  .filter(t => /Error (displaying|rendering) widget|Failed to display Jupyter Widget/.test(t)),
        }; }""")


def redraw(page, control, act, timeout=WAIT_MS):
    """Do `act()` to a control and return the ms until its output's figure changed (None: never)."""
    before = control.evaluate(FIGURES)
    start = time.perf_counter()
    act()
    try:
        page.wait_for_function(REDRAWN, arg=[control, before], timeout=timeout)
    except Exception:
        return None
    return (time.perf_counter() - start) * 1000


def move_sliders(page, findings):
    moved = []
    for slider in page.query_selector_all(".output_area .bpcore-range input[type=range]"):
        slider.scroll_into_view_if_needed()
        name, before = slider.get_attribute("aria-label"), slider.get_attribute("aria-valuetext")
        key = "ArrowLeft" if slider.evaluate("el => el.value === el.max") else "ArrowRight"
        # The dashboard's sliders set the next run (its Train button redraws, pressed below).
        settings = slider.evaluate("el => Array.from(el.closest('.output_area').querySelectorAll('button'))"
                                   ".some(b => b.textContent.trim() === 'Train')")
        ms = redraw(page, slider, lambda: (slider.focus(), page.keyboard.press(key)),
                    timeout=2000 if settings else WAIT_MS)
        after = slider.get_attribute("aria-valuetext")
        readout = slider.evaluate("el => el.parentElement.querySelector('output').textContent")
        shown = slider.evaluate("el => el.parentElement.querySelector('label').textContent")
        if not name:
            findings.append(f"a slider has no accessible name (aria-label), value text {after!r}")
        if ms is None and not settings:
            findings.append(f"slider {name!r}: {key} redrew no figure within {WAIT_MS / 1000:.0f} s")
        # a counted slider (a step-through) says its place instead: "step 2 of 8"
        place = f"{shown} {readout} of {slider.evaluate('el => el.max')}"
        if after == before or after not in (f"{shown} = {readout}", place):
            findings.append(f"slider {name!r}: value text {before!r} -> {after!r}, readout {shown} = {readout}")
        moved.append((name, after, "sets the next run" if settings and ms is None else ms_text(ms)))
    return moved


def press_buttons(page, findings):
    pressed, done = [], set()
    for _ in range(2):   # a button enabled by another (a step-through's "previous") on the second pass
        for index, button in enumerate(page.query_selector_all(".output_area button.jupyter-button")):
            if index in done or button.is_disabled():
                continue
            done.add(index)
            label = button.inner_text().strip()
            button.scroll_into_view_if_needed()
            ms = redraw(page, button, button.click, timeout=TRAIN_MS if label == "Train" else WAIT_MS)
            if ms is None:
                findings.append(f"button {label!r}: no figure redrawn")
            pressed.append((label, ms))
    return pressed


def change_menus(page, findings):
    changed = []
    for menu in page.query_selector_all(".output_area select"):
        options = menu.evaluate("el => Array.from(el.options).map(o => o.value)")
        current = menu.evaluate("el => el.value")
        other = next(o for o in options if o != current)
        menu.scroll_into_view_if_needed()
        ms = redraw(page, menu, lambda: menu.select_option(other))
        label = menu.evaluate("el => el.closest('.widget-dropdown').querySelector('label').textContent")
        if ms is None:
            findings.append(f"menu {label!r}: choosing {other!r} redrew no figure")
        changed.append((label, ms))
    return changed


def ms_text(ms):
    return "no redraw" if ms is None else f"{ms:.0f} ms"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_every_control_redraws_in_notebook6(name, notebook6, browser, report):
    base, token = notebook6
    page = browser.new_page(viewport={"width": 1280, "height": 720}, device_scale_factor=2)
    try:
        findings, rendered_s = run_all(page, base, token, name)
        outputs = outputs_report(page)
        findings += [f"cell error: {e}" for e in outputs["errors"]] + [f"stderr: {s}" for s in outputs["stderr"]]
        findings += [f"widget not shown: {t[:200]}" for t in outputs["broken"]]
        if outputs["shown"] < outputs["widgets"]:
            findings.append(f"{outputs['widgets']} widget outputs, {outputs['shown']} shown")
        sliders, buttons, menus = move_sliders(page, findings), press_buttons(page, findings), change_menus(page, findings)
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{Path(name).stem}.png"))
    finally:
        page.close()
    controls = "; ".join([f"{vt}: {result}" for _, vt, result in sliders] +
                         [f"{label} button: {ms_text(ms)}" for label, ms in buttons] +
                         [f"{label} menu: {ms_text(ms)}" for label, ms in menus]) or "no controls"
    rendered = "" if rendered_s is None else f" ({rendered_s:.1f} s after the last cell)"
    report(f"Notebook 6 (Colab runtime), {name}: {outputs['shown']} of {outputs['widgets']} live outputs shown{rendered}, "
           f"{len(sliders)} sliders, "
           f"{len(buttons)} buttons, {len(menus)} menus: {controls}")
    assert not findings, f"{name} in Notebook 6:\n" + "\n".join(findings)
