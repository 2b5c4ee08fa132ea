"""Every notebook in JupyterLab, in a real browser, as a student meets it.

For each notebook in notebooks/ (found when the tests are collected), served from a copy in a
temporary folder (the repository's files are never written), in headless Chromium at device scale
factor 2:

1. Opened, not run (untrusted, as shipped): no widget shown as text ("VBox(...", "FloatSlider(..."),
   no "Error displaying widget" or widget error icon, no "Loading widget..." left, no stored
   traceback or stderr, and every output that the .ipynb stores with a widget view shows a loaded
   image instead (the figure as first drawn). Screenshot.
2. Outputs cleared, Kernel > Restart Kernel and Run All Cells: every cell ran; no error output,
   nothing on stderr in any output area, no widget that failed to render, nothing in JupyterLab's
   log console (where the traceback of an exception in a widget callback goes). Screenshot.
3. Every control in the output areas, with the keyboard or a click as a student would use it:
   each slider moves (focus the handle, arrow keys) and a figure in its cell changes with each
   step; a slider with at most WALK_ALL positions (a step-through) is walked through every
   position (sliders of bpcore.lessons.kit.controls are native range inputs; ipywidgets' noUiSlider
   handles are still driven where a notebook's own cell makes one); "next"/"previous" buttons are pressed until they stop (each press changes the
   figure); every other button is pressed once; each dropdown takes each of its options. A slider that
   only sets a value for a button of its cell (no redraw until the button is pressed) is allowed.
   A control's "figure" is the images in its cell's output, or the cell's text if it has no image
   (the controls' own readouts excluded). For every cheap control the time from the input (key
   press, pointer press, menu change) to the redrawn figure loaded in the page is measured on the
   browser's clock (median and 90th percentile: SAMPLES key presses of a slider, every press of a
   step-through button, every option of a menu); a control that starts training reports the time
   from the click to the first change in its cell (its progress) and to the end. No timing is
   asserted. The log console and stderr are checked again after the controls. Screenshots: each
   cell with controls as the controls left it, and each cell a button redrew, right after the
   press (the trained dashboard).
4. Accessibility: axe-core's WCAG 2.1 A/AA rules on the notebook's output areas, before and after
   Run All: every violation fails the test (there is no allowance). From Chromium's accessibility
   tree (DevTools protocol): every Tab stop in an output area must have a name, and a slider of
   bpcore.lessons.kit.controls must be a slider named by its tooltip whose aria-valuetext is
   "description = readout" (Chromium 156's DevTools tree reports the slider's number, not
   aria-valuetext, so that is read from the element; both are reported).
5. Clean open: whether the notebook tab shows unsaved changes 5 s after it opened, as shipped and
   after Run All, the controls, Save and reopening (a mark is a finding). The saved file must store no widget
   state or widget view (the server's save hook, bpcore/lessons/kit/saved_figures.py, turned them into
   pictures), and the reopened notebook must show, for every live figure, an <img> whose alt text
   is that figure's text alternative as the controls left it, and no widget error.

Findings are collected per notebook and reported together; the summary tables (latencies, axe
violations, times) print at the end of the run.

    python3 tasks.py browser          (needs Debian's chromium: apt-get install -y chromium)
    .venv/bin/pytest -m browser tests/browser -s
"""
import json
import os
import re
import statistics
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path(os.environ.get("BROWSER_NOTEBOOKS", ROOT / "notebooks")).resolve()
NOTEBOOKS = sorted(p.name for p in SOURCE.glob("*.ipynb"))
RUN_ALL_TIMEOUT = int(os.environ.get("RUN_ALL_TIMEOUT", 300))  # seconds, per notebook
EXPENSIVE_TIMEOUT = 300  # seconds a control may take to redraw (training on a slow machine)
CHEAP = 2.0              # seconds: a first redraw slower than this marks the control expensive
QUIET = 2.0              # seconds the kernel stays idle after an action that changed nothing
SAMPLES = 15             # key presses timed per cheap slider
WALK_ALL = 40            # a cheap slider with at most this many positions is walked through all
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SLIDER = ".widget-slider, .bpcore-range"                 # ipywidgets' and bpcore.lessons.kit.controls'
HANDLE = '.noUi-handle, input[type="range"]'
DIRTY_AFTER = 5.0        # seconds after opening at which the unsaved-changes mark is read
WIDGET_REPR = re.compile(r"\b(VBox|HBox|Box|GridBox|FloatSlider|IntSlider|FloatLogSlider|SelectionSlider"
                         r"|Dropdown|Button|Image|Output|Label|HTML|Play)\(children=|\b(FloatSlider|IntSlider"
                         r"|FloatLogSlider|SelectionSlider|Dropdown|Button|Image)\(")
STEPPER = re.compile(r"next|forward|step|▶|▸|⏵|→|›|»|previous|prev\b|back|◀|◂|⏴|←|‹|«", re.I)
BACKWARD = re.compile(r"previous|prev\b|back|◀|◂|⏴|←|‹|«", re.I)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PROMPTS = "[...nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim())"
NOTHING_RAN = f"nb => {PROMPTS}.every(p => /^(\\[\\s*\\]:?)?$/.test(p))"  # '' : not drawn yet
SOMETHING_RAN = f"nb => {PROMPTS}.some(p => /[0-9*]/.test(p))"
# Every cell with code shows an execution count (none shows [*]) and the kernel is idle.
ALL_RAN = """nb => {
    const cells = [...nb.querySelectorAll('.jp-CodeCell')].filter(
        c => (c.querySelector('.cm-content')?.textContent ?? '').trim() !== '');
    const prompts = cells.map(c => c.querySelector('.jp-InputPrompt')?.textContent.trim() ?? '');
    const status = nb.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status;
    return prompts.length > 0 && prompts.every(p => /^\\[\\d+\\]:?$/.test(p)) && status === 'idle';
}"""
# Run All has stopped: nothing queued or running and the kernel idle (after an error, the cells
# below it are left unrun).
STOPPED = """nb => {
    const prompts = [...nb.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent);
    const status = nb.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status;
    return status === 'idle' && !prompts.some(p => p.includes('*'))
        && !!nb.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]');
}"""
IDLE = "nb => nb.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status === 'idle'"
# Every image in the element has loaded (or failed: a broken image is a finding of its own).
IMAGES_LOADED = "el => [...el.querySelectorAll('img')].every(i => i.complete)"
# The frame after the next one has been drawn: what a scroll or a resize changed is on screen.
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
SETTLE_TIMEOUT = 30      # seconds for a cell's images to load after a redraw or a scroll
UNRUN_TIMEOUT = 60       # seconds for a notebook not run to show its stored figures
# A short fingerprint of an image (length and FNV-1a hash of its bytes; data: and blob: URLs).
IMAGE_DIGEST = """async img => {
    if (!img.src) return 'empty';
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    let h = 2166136261;
    for (const b of bytes) { h ^= b; h = Math.imul(h, 16777619) >>> 0; }
    return `${bytes.length}:${h}`;
}"""
# What a cell's output shows: the fingerprints of its images, and its text.
CELL_STATE = f"""async cell => {{
    const digest = {IMAGE_DIGEST};
    const imgs = [...cell.querySelectorAll('.jp-OutputArea img')];
    const out = cell.querySelector('.jp-OutputArea')?.cloneNode(true);
    // the controls' own text (a slider's readout) is not the figure
    out?.querySelectorAll('.widget-slider, .bpcore-range, .widget-dropdown, button').forEach(e => e.remove());
    return {{images: await Promise.all(imgs.map(digest)), text: out ? out.textContent : ''}};
}}"""
# Timestamps (browser clock) of the next key press anywhere and of the next image loaded in the
# cell (load events do not bubble, but they can be captured on an ancestor).
# `event`: keydown (a slider), pointerdown (a button) or change (a menu). Also the first change of
# anything in the cell but the control itself (a training's progress).
ARM_LATENCY = """([cell, event]) => {
    const t = window.__latency = {};
    document.addEventListener(event, e => { t.key ??= performance.now(); t.source ??= e.target; },
                              {capture: true, once: true});
    cell.addEventListener('load', e => {
        if (e.target.tagName === 'IMG' && t.key !== undefined) t.load ??= performance.now();
    }, {capture: true});
    window.__latencyObserver?.disconnect();
    window.__latencyObserver = new MutationObserver(records => {
        if (t.key === undefined || t.change !== undefined) return;
        const control = t.source?.closest?.('.jupyter-widgets, button');
        if (records.some(r => !(control && control.contains(r.target)))) t.change = performance.now();
    });
    window.__latencyObserver.observe(cell.querySelector('.jp-OutputArea') ?? cell,
        {subtree: true, childList: true, characterData: true, attributes: true});
}"""
# The controls in the notebook's output areas, in page order, with the index of their cell.
CONTROLS = """nb => {
    const cells = [...nb.querySelectorAll('.jp-Notebook .jp-Cell')];
    const cellOf = el => cells.indexOf(el.closest('.jp-Cell'));
    const label = el => (el.querySelector(':scope > .widget-label')?.textContent ?? '').trim();
    const out = '.jp-OutputArea ';
    return {
        sliders: [...nb.querySelectorAll(out + ':is(.widget-slider, .bpcore-range)')].map(el => {
            const h = el.querySelector('.noUi-handle, input[type="range"]');
            const native = h?.tagName === 'INPUT';
            return {cell: cellOf(el), kind: native ? 'range input' : 'noUiSlider',
                    description: native ? (el.querySelector('label')?.textContent ?? '').trim() : label(el),
                    title: el.title || h?.title || '', handle: !!h,
                    min: native ? +h.min : +h?.getAttribute('aria-valuemin'),
                    max: native ? +h.max : +h?.getAttribute('aria-valuemax')};
        }),
        buttons: [...nb.querySelectorAll(out + 'button.widget-button')].map(el => (
            {cell: cellOf(el), description: el.textContent.trim(), title: el.title || ''})),
        dropdowns: [...nb.querySelectorAll(out + '.widget-dropdown')].map(el => (
            {cell: cellOf(el), description: label(el), title: el.title || '',
             options: el.querySelector('select')?.options.length ?? 0})),
        // controls of other kinds (checkbox, text field, toggle buttons, ...): not exercised here
        others: [...nb.querySelectorAll(out + ':is(input, textarea, select, button, [role="slider"])')]
            .filter(el => !el.closest('.widget-slider, .bpcore-range, .widget-dropdown') && !el.matches('button.widget-button'))
            .map(el => ({cell: cellOf(el), kind: [...(el.closest('.jupyter-widgets')?.classList ?? [])].find(
                c => c.startsWith('widget-') && !/^widget-(inline-hbox|hbox|vbox|box)$/.test(c))
                ?? el.tagName.toLowerCase()})),
    };
}"""
AXE_RUN = """async tags => {
    const r = await axe.run('.jp-NotebookPanel .jp-Notebook .jp-OutputArea',
        {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html}))}));
}"""


class Findings(list):
    """What went wrong in one notebook; the test fails at its end if there is anything."""

    def check(self, ok, message):
        if not ok:
            self.append(message)
            print(f"  FINDING: {message}", flush=True)
        return ok


def stored_widget_cells(path):
    """Indices of the cells whose stored outputs hold a widget view."""
    cells = json.loads(path.read_text())["cells"]
    return [i for i, c in enumerate(cells)
            if any(WIDGET_VIEW in o.get("data", {}) for o in c.get("outputs", []))]


def menu(page, menu_name, command):
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{menu_name}$")).click()
    page.locator(f'.lm-Menu-item[data-command="{command}"]').click()


def wait_kernel_ready(lab, panel, name, timeout=120):
    """Wait until the notebook's kernel has started, is idle and the page is connected to it
    (the toolbar's status reads "idle" before any kernel exists, so it alone proves nothing)."""
    deadline = time.monotonic() + timeout
    while True:
        sessions = [s for s in lab.api("sessions") if s["path"].endswith(name)]
        kernel = sessions[0]["kernel"] if sessions else {}
        if kernel.get("execution_state") == "idle" and kernel.get("connections", 0) > 0:
            break
        assert time.monotonic() < deadline, f"{name}: kernel not ready after {timeout} s: {kernel}"
        time.sleep(0.2)
    panel.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(timeout=30_000)
    return sessions[0]["id"]


def wait_all_ran(page, panel, name, timeout):
    """Wait until every cell has run; returns False if Run All stopped at an error."""
    try:
        page.wait_for_function(f"nb => ({ALL_RAN})(nb) || ({STOPPED})(nb)", arg=panel.element_handle(),
                               timeout=timeout * 1000, polling=100)
        return page.evaluate(ALL_RAN, panel.element_handle())
    except Exception as error:
        prompts = panel.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        status = panel.locator(".jp-Notebook-ExecutionIndicator").get_attribute("data-status")
        raise AssertionError(f"{name}: cells still running after {timeout} s: prompts {prompts}, "
                             f"kernel {status}") from error


def wait_idle(page, panel, timeout=EXPENSIVE_TIMEOUT):
    page.wait_for_function(IDLE, arg=panel.element_handle(), timeout=timeout * 1000, polling=50)


def log_console(page):
    """What went to JupyterLab's log console instead of a cell, e.g. the traceback of an
    exception in a widget callback, which a student would not see: '' if nothing."""
    item = page.locator(".jp-LogConsoleStatusItem:not(.lm-mod-hidden)")
    if not item.count():
        return ""
    summary = item.locator("[title]").first.get_attribute("title") or "log console entries"
    item.click()
    entries = page.locator(".jp-LogConsolePanel .jp-OutputArea-output")
    try:
        entries.first.wait_for(timeout=5_000)
        return summary + ":\n" + "\n---\n".join(t.strip() for t in entries.all_inner_texts())
    except Exception:
        return summary


def output_text(panel):
    return "\n".join(panel.locator(".jp-Notebook .jp-OutputArea").all_inner_texts())


def check_error_widgets(panel, findings, when):
    """ipywidgets shows a widget whose view could not be created as an error icon; its message
    is in the DOM, shown on a click."""
    errors = panel.evaluate("""nb => [...nb.querySelectorAll('.jp-Notebook .jupyter-widgets-error-widget')].map(
        e => [[...nb.querySelectorAll('.jp-Notebook .jp-Cell')].indexOf(e.closest('.jp-Cell')),
              e.textContent.replace(/\\s+/g, ' ').replace(/\\[Open Browser Console[^\\]]*\\]/, '').trim()])""")
    for index, message in errors[:5]:
        findings.check(False, f"{when}: cell {index}: a widget failed to render: {message[:300]}")
    if len(errors) > 5:
        findings.check(False, f"{when}: {len(errors) - 5} more widgets failed to render")


def check_clean(page, panel, findings, when):
    """No traceback or stderr output, no widget error, nothing in the log console."""
    stderr = panel.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    texts = [t.strip() for t in stderr.all_inner_texts() if t.strip()]
    findings.check(not texts, f"{when}: error or stderr output: " + "\n---\n".join(t[-1500:] for t in texts))
    text = output_text(panel)
    findings.check("Error displaying widget" not in text, f"{when}: 'Error displaying widget' in an output")
    check_error_widgets(panel, findings, when)
    logged = log_console(page)
    findings.check(not logged, f"{when}: JupyterLab's log console: {logged[-2000:]}")


def cells(panel):
    return panel.locator(".jp-Notebook .jp-Cell")


def settle(page, element, what):
    """Wait until every image in `element` has loaded and the page has drawn two frames since
    (a scroll, a resize or a redraw is then on screen); at most SETTLE_TIMEOUT s."""
    try:
        page.wait_for_function(IMAGES_LOADED, arg=element.element_handle(), timeout=SETTLE_TIMEOUT * 1000,
                               polling=50)
    except Exception as error:
        raise AssertionError(f"{what}: its images did not load within {SETTLE_TIMEOUT} s") from error
    page.evaluate(TWO_FRAMES)


def screenshot(page, panel, target_cell, path):
    cell = cells(panel).nth(target_cell) if target_cell is not None else cells(panel).first
    cell.evaluate("c => c.scrollIntoView({block: 'start'})")
    settle(page, cell, f"screenshot {Path(path).name}")
    page.screenshot(path=path)


# Not run: no "Loading widget..." left, and each cell that stores a widget view shows a loaded image.
UNRUN_SHOWN = """([nb, widgetCells]) => {
    const cells = [...nb.querySelectorAll('.jp-Notebook .jp-Cell')];
    return ![...nb.querySelectorAll('.jp-OutputArea')].some(o => o.innerText.includes('Loading widget...'))
        && widgetCells.every(i => cells[i] && [...cells[i].querySelectorAll('.jp-OutputArea img')].some(
            img => img.complete && img.naturalWidth > 0));
}"""


def check_unrun(page, panel, nb_path, findings):
    """The notebook as shipped, before anything runs: stored figures instead of widgets."""
    widget_cells = stored_widget_cells(nb_path)
    # Widget views say "Loading widget..." until the widget manager has looked; then each stored
    # widget view shows its stored figure. Wait for that (bounded); what is still missing at the
    # deadline is reported below.
    try:
        page.wait_for_function(UNRUN_SHOWN, arg=[panel.element_handle(), widget_cells],
                               timeout=UNRUN_TIMEOUT * 1000, polling=100)
    except Exception:
        print(f"  not run: the stored figures were not all shown within {UNRUN_TIMEOUT} s", flush=True)
    text = output_text(panel)
    for pattern, what in [(WIDGET_REPR, "a widget shown as text"),
                          (re.compile("Error displaying widget"), "'Error displaying widget'"),
                          (re.compile(r"Loading widget\.\.\."), "'Loading widget...' left")]:
        found = pattern.search(text)
        if found:
            findings.check(False, f"not run: {what}: ...{text[max(0, found.start() - 40):found.end() + 60]!r}...")
    missing = []
    for i in widget_cells:
        cell = cells(panel).nth(i)
        try:
            cell.locator(".jp-OutputArea img").first.wait_for(state="visible", timeout=5_000)
            shown = cell.locator(".jp-OutputArea img").evaluate_all(
                "imgs => imgs.filter(i => i.complete && i.naturalWidth > 0).length")
        except Exception:
            shown = 0
        if not shown:
            missing.append(i)
    findings.check(not missing, f"not run: cell(s) {missing} store a widget view but show no figure")
    broken = panel.locator(".jp-Notebook .jp-OutputArea img").evaluate_all(
        "imgs => imgs.filter(i => i.complete && i.naturalWidth === 0).length")
    findings.check(not broken, f"not run: {broken} broken image(s)")
    check_clean(page, panel, findings, "not run")  # no stored traceback or stderr either
    return widget_cells


def restart_and_run_all(page, lab, panel, name, findings):
    panel.locator(".jp-Notebook").click(position={"x": 5, "y": 5})  # focus the notebook
    menu(page, "Edit", "editmenu:clear-all")  # Clear Outputs of All Cells
    page.wait_for_function(NOTHING_RAN, arg=panel.element_handle(), timeout=10_000)
    start = time.perf_counter()
    menu(page, "Kernel", "runmenu:restart-and-run-all")  # Restart Kernel and Run All Cells…
    page.locator(".jp-Dialog .jp-mod-accept").click()  # "Restart"
    try:
        page.wait_for_function(SOMETHING_RAN, arg=panel.element_handle(), timeout=60_000)
    except Exception as error:
        raise AssertionError(f"{name}: Restart and Run All started nothing within 60 s") from error
    if not wait_all_ran(page, panel, name, RUN_ALL_TIMEOUT):
        prompts = panel.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        findings.check(False, f"Run All stopped at an error; prompts {prompts}")
    return time.perf_counter() - start


def cell_state(panel, index):
    return cells(panel).nth(index).evaluate(CELL_STATE)


def shown(state):
    """What counts as the cell's figure: its images, or its text if it has none."""
    return state["images"] or state["text"]


def wait_for_change(page, panel, index, before, timeout=EXPENSIVE_TIMEOUT, quiet=QUIET):
    """Seconds until the cell's figure differs from `before` (see `shown`), and the new state;
    (None, state) once the kernel has been idle `quiet` seconds after the action without a change
    (nothing is going to happen)."""
    start = time.perf_counter()
    while True:
        state = cell_state(panel, index)
        if shown(state) != shown(before):
            # a figure may arrive in pieces (several images): let the kernel finish first (its
            # last message comes before its idle status), then let every image load
            wait_idle(page, panel)
            settle(page, cells(panel).nth(index), f"cell {index}")
            return time.perf_counter() - start, cell_state(panel, index)
        elapsed = time.perf_counter() - start
        if elapsed > timeout or elapsed > quiet and panel.locator(
                ".jp-Notebook-ExecutionIndicator").get_attribute("data-status") == "idle":
            return None, state
        time.sleep(0.05)


# Wait after a timed key press: an image loaded in the cell, or the kernel idle `quiet` ms after
# the key press without one (nothing is coming).
LOADED_OR_QUIET = """([nb, quiet]) => {
    const t = window.__latency;
    if (t.load !== undefined) return true;
    return t.key !== undefined && performance.now() - t.key > quiet
        && nb.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status === 'idle';
}"""


def timed(page, panel, cell, event, act):
    """Do `act()` (a key press, click or menu choice that fires `event`); returns (ms from the
    event to the first image loaded in the cell, ms to the first other change in the cell), each
    None if none came, both on the browser's clock. Returns when the kernel is idle."""
    page.evaluate(ARM_LATENCY, [cell.element_handle(), event])
    act()
    page.wait_for_function(LOADED_OR_QUIET, arg=[panel.element_handle(), QUIET * 1000],
                           timeout=EXPENSIVE_TIMEOUT * 1000, polling="raf")
    wait_idle(page, panel)   # the redraw's last image came before the kernel's idle status
    settle(page, cell, "the cell of a timed control")   # and has loaded
    t = page.evaluate("() => { const t = window.__latency; window.__latencyObserver?.disconnect(); "
                      "return {key: t.key, load: t.load, change: t.change}; }")
    if t.get("key") is None:
        return None, None
    return (t["load"] - t["key"] if t.get("load") is not None else None,
            t["change"] - t["key"] if t.get("change") is not None else None)


def press_timed(page, panel, cell, handle, key):
    """Press a key on a slider handle; ms from the key press to the first image loaded in the
    cell (both on the browser's clock), or None if none loaded. Returns when the kernel is idle."""
    return timed(page, panel, cell, "keydown", lambda: handle.press(key))[0]


def position(slider):
    """The slider's value as shown: its readout and its position (a noUiSlider handle's
    aria-valuenow, which ipywidgets rounds, so both together; a range input's value)."""
    return tuple(slider.evaluate("""el => {
        const h = el.querySelector('.noUi-handle, input[type="range"]');
        const readout = el.querySelector('.widget-readout, output');
        return [(readout?.textContent ?? '').trim(), h.tagName === 'INPUT' ? h.value : h.getAttribute('aria-valuenow')];
    }"""))


def percentiles(ms):
    ms = sorted(ms)
    return statistics.median(ms), ms[min(len(ms) - 1, round(0.9 * (len(ms) - 1)))]


def exercise_slider(page, panel, k, info, has_buttons, name, findings, results):
    """Move one slider by keyboard, as the module docstring says."""
    slider = panel.locator(f".jp-OutputArea :is({SLIDER})").nth(k)
    handle = slider.locator(HANDLE)
    index = info["cell"]
    cell = cells(panel).nth(index)
    label = info["description"] or info["title"] or f"#{k}"
    what = f"cell {index} slider {label!r}"
    row = {"notebook": name, "cell": index, "control": f"slider {label}", "title": info["title"]}
    results.append(row)
    lo, hi = info["min"], info["max"]
    now = float(position(slider)[1])
    key = "ArrowRight" if now - lo <= hi - now else "ArrowLeft"
    start, before = position(slider), cell_state(panel, index)
    t0 = time.perf_counter()
    ms = press_timed(page, panel, cell, handle, key)
    seconds = time.perf_counter() - t0
    moved = position(slider)
    if not findings.check(moved != start, f"{what}: {key} did not move it ({start[0]})"):
        row["result"] = "did not move"
        return
    if shown(cell_state(panel, index)) == shown(before):
        row["result"] = "no redraw" + (" (sets a value for its cell's button)" if has_buttons else "")
        findings.check(has_buttons, f"{what}: {key} changed it {start[0]} -> {moved[0]} but no figure in "
                                    "its cell changed")
        return
    if seconds > CHEAP:
        row["result"] = f"expensive: key press to new figure {seconds:.1f} s"
        return
    step = abs(float(moved[1]) - now)
    few = step > 0 and (hi - lo) / step < WALK_ALL
    if few:  # a step-through: every position, from the first to the last
        before = cell_state(panel, index)
        handle.press("Home")
        wait_for_change(page, panel, index, before)
        key = "ArrowRight"
    timed, silent, walked, positions = [], [], 0, 1
    while walked < (3 * WALK_ALL if few else SAMPLES):
        previous, before = position(slider), cell_state(panel, index)
        ms = press_timed(page, panel, cell, handle, key)
        current = position(slider)
        if current == previous:  # at an end: turn around (a step-through: done when back and sampled)
            if few and (key == "ArrowLeft" or len(timed) >= SAMPLES):
                break
            key = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
            continue
        walked += 1
        positions += key == "ArrowRight"
        if ms is None or shown(cell_state(panel, index)) == shown(before):
            silent.append(f"{previous[0]} -> {current[0]}")
            if len(silent) == 3 and not timed:  # broken, not slow: do not wait for the rest
                break
        else:
            timed.append(ms)
        if few and key == "ArrowLeft" and len(timed) >= SAMPLES:
            break
    findings.check(not silent, f"{what}: {len(silent)} of {walked} steps did not change the figure "
                               f"({', '.join(silent[:5])}{', ...' if len(silent) > 5 else ''})")
    if timed:
        median, p90 = percentiles(timed)
        row.update(median=median, p90=p90, presses=len(timed),
                   result=f"median {median:.0f} ms, p90 {p90:.0f} ms ({len(timed)} presses"
                          f"{f', all {positions} positions' if few else ''})")
    else:
        row["result"] = "no timed redraw"


def exercise_button(page, panel, k, info, name, findings, results, shots=None):
    button = panel.locator(".jp-OutputArea button.widget-button").nth(k)
    index = info["cell"]
    cell = cells(panel).nth(index)
    label = info["description"] or info["title"]
    what = f"cell {index} button {label!r}"
    row = {"notebook": name, "cell": index, "control": f"button {label}", "title": info["title"]}
    if button.is_disabled():
        row["result"] = "disabled"
        results.append(row)
        return
    stepper = STEPPER.search(f"{info['description']} {info['title']}")
    presses, seen, loads, first_change = 0, [cell_state(panel, index)], [], None
    while True:
        t0 = time.perf_counter()
        load, change = timed(page, panel, cell, "pointerdown", button.click)
        presses += 1
        seconds, state = wait_for_change(page, panel, index, seen[-1])
        done = time.perf_counter() - t0  # the kernel is idle again
        if not findings.check(seconds is not None or state != seen[-1],
                              f"{what}: press {presses} changed nothing in its cell's output"):
            break
        if load is not None:
            loads.append(load)
        first_change = change if first_change is None else first_change
        if not stepper or button.is_disabled() or state in seen or presses >= 100:
            break
        seen.append(state)
    if stepper:
        end = ('it was disabled' if button.is_disabled() else
               'it came back to a figure seen before' if presses < 100 else '100 presses')
        if loads:
            median, p90 = percentiles(loads)
            row.update(median=median, p90=p90, presses=len(loads))
            row["result"] = (f"median {median:.0f} ms, p90 {p90:.0f} ms ({presses} presses, each changed "
                             f"the figure, until {end})")
        else:
            row["result"] = f"{presses} presses until {end}; no figure loaded"
    else:
        progress = f"first change in its cell {first_change:.0f} ms after the click, " if first_change is not None else ""
        row["result"] = f"{progress}done {done:.2f} s after the click"
        row["progress_ms"] = first_change
        if shots:  # the cell as the button left it (e.g. the trained dashboard)
            slug = re.sub(r"\W+", "_", label).strip("_").lower() or str(k)
            cell_screenshot(page, cells(panel).nth(index), shots / f"{name.split('.')[0]}_cell{index}_{slug}.png")
    results.append(row)


def cell_screenshot(page, cell, path):
    """A screenshot of one cell, whole: the page is made tall enough for it for a moment (the
    notebook scrolls inside the page, so a cell taller than the window would be cut)."""
    size = page.viewport_size
    height = cell.evaluate("c => c.getBoundingClientRect().height")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(height) + 200)})
    try:
        cell.evaluate("c => c.scrollIntoView({block: 'start'})")
        settle(page, cell, f"screenshot {Path(path).name}")
        cell.screenshot(path=path)
    finally:
        page.set_viewport_size(size)


def exercise_dropdown(page, panel, k, info, name, findings, results):
    select = panel.locator(".jp-OutputArea .widget-dropdown").nth(k).locator("select")
    index = info["cell"]
    cell = cells(panel).nth(index)
    what = f"cell {index} dropdown {info['description'] or info['title'] or k!r}"
    row = {"notebook": name, "cell": index, "control": f"dropdown {info['description'] or '?'}",
           "title": info["title"]}
    options = info["options"]
    current = select.evaluate("s => s.selectedIndex")
    loads, failed = [], []
    # every option, then every option again (a choice seen before), then back to the first
    order = [i for i in range(options) if i != current] + [current]
    for option in order * 2:
        before = cell_state(panel, index)
        load, _ = timed(page, panel, cell, "change", lambda: select.select_option(index=option))
        seconds, _ = wait_for_change(page, panel, index, before)
        if seconds is None:
            failed.append(option)
        elif load is not None:
            loads.append(load)
    findings.check(not failed, f"{what}: option(s) {sorted(set(failed))} changed nothing in its cell's output")
    if loads:
        median, p90 = percentiles(loads)
        row.update(median=median, p90=p90, presses=len(loads))
        row["result"] = f"median {median:.0f} ms, p90 {p90:.0f} ms (all {options} options, twice)"
    else:
        row["result"] = "no timed redraw"
    results.append(row)


def axe_check(page, axe_script, findings, when):
    """axe's WCAG 2.1 A/AA violations inside the output areas: {rule: [nodes]}; each is a finding."""
    if not isinstance(axe_script, Path):
        return None
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script))
    violations = page.evaluate(AXE_RUN, AXE_TAGS)
    result = {}
    for v in violations:
        result[v["id"]] = v["nodes"]
        print(f"  axe {when}: {v['id']} ({v['impact']}): {len(v['nodes'])} element(s); e.g. "
              f"{v['nodes'][0]['target']}: {v['nodes'][0]['html'][:160]}", flush=True)
        findings.check(False, f"axe {when}: {v['id']} ({v['help']}): {len(v['nodes'])} element(s), "
                              f"e.g. {v['nodes'][0]['target']}")
    return result


# Every Tab stop in the notebook's output areas (focusable, in the tab order, shown), kept on
# window.__tabStops for the DevTools protocol; with what a slider's DOM says it should announce.
TAB_STOPS = """nb => {
    const cells = [...nb.querySelectorAll('.jp-Notebook .jp-Cell')];
    window.__tabStops = [...nb.querySelectorAll('.jp-OutputArea *')].filter(el =>
        el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0
        && getComputedStyle(el).visibility !== 'hidden');
    return window.__tabStops.map(el => {
        const native = el.matches('.bpcore-range input[type="range"]');
        const box = el.closest('.bpcore-range');
        return {cell: cells.indexOf(el.closest('.jp-Cell')), tag: el.tagName.toLowerCase(),
                html: el.outerHTML.slice(0, 120), native,
                expected_name: native ? el.title : null, valuetext: el.getAttribute('aria-valuetext'),
                expected_value: native ? `${box.querySelector('label').textContent} = ${box.querySelector('output').textContent}` : null,
                // a counted slider (a step-through) says its place: "step 2 of 8"
                expected_place: native ? `${box.querySelector('label').textContent} ${box.querySelector('output').textContent} of ${el.max}` : null};
    });
}"""


def accessibility_tree(page, panel, findings, when):
    """Chromium's accessible name, role and value of every Tab stop in the output areas."""
    stops = panel.evaluate(TAB_STOPS)
    cdp = page.context.new_cdp_session(page)
    rows = []
    try:
        for i, stop in enumerate(stops):
            handle = cdp.send("Runtime.evaluate", {"expression": f"window.__tabStops[{i}]"})["result"]
            node = cdp.send("Accessibility.getPartialAXTree",
                            {"objectId": handle["objectId"], "fetchRelatives": False})["nodes"][0]
            name = (node.get("name") or {}).get("value", "")
            role = (node.get("role") or {}).get("value", "")
            # Chromium 156's DevTools tree gives a slider's number as its value (and as its
            # "valuetext" property), not aria-valuetext: the value text is checked on the element
            value = (node.get("value") or {}).get("value", "")
            rows.append(dict(stop, name=name, role=role, value=value))
            findings.check(bool(str(name).strip()), f"{when}: cell {stop['cell']}: Tab stop without a name "
                                                    f"(role {role}): {stop['html']}")
            if stop["native"]:
                findings.check(role == "slider" and name == stop["expected_name"]
                               and stop["valuetext"] in (stop["expected_value"], stop["expected_place"]),
                               f"{when}: cell {stop['cell']} slider: accessibility tree says role {role!r}, "
                               f"name {name!r}; aria-valuetext {stop['valuetext']!r}; expected "
                               f"{stop['expected_name']!r}, {stop['expected_value']!r}")
    finally:
        cdp.detach()
    for r in rows:
        if r["role"] == "slider":
            print(f"  {when}: cell {r['cell']:>2} slider: name {r['name']!r}, value {r['value']!r}, "
                  f"aria-valuetext {r['valuetext']!r}", flush=True)
    return rows


DIRTY = """nb => {
    const id = nb.id;
    const tab = [...document.querySelectorAll('.lm-DockPanel-tabBar .lm-TabBar-tab')].find(
        t => t.getAttribute('data-id') === id || t.getAttribute('aria-controls') === id)
        ?? document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current');
    return !!tab && tab.classList.contains('jp-mod-dirty');
}"""


def dirty_after_opening(page, panel, opened_at):
    """The unsaved-changes mark of the notebook's tab DIRTY_AFTER s after it opened."""
    wait = opened_at + DIRTY_AFTER - time.monotonic()
    if wait > 0:
        page.wait_for_timeout(wait * 1000)
    return page.evaluate(DIRTY, panel.element_handle())


# Per cell: the text alternative (title) of the first live image in its output, as it is now.
LIVE_ALTS = """nb => Object.fromEntries([...nb.querySelectorAll('.jp-Notebook .jp-Cell')].map((c, i) =>
    [i, c.querySelector('.jp-OutputArea img.widget-image')?.title ?? null]).filter(([, t]) => t))"""
# Per cell: the alt text of each loaded image in its output.
SHOWN_ALTS = """nb => Object.fromEntries([...nb.querySelectorAll('.jp-Notebook .jp-Cell')].map((c, i) =>
    [i, [...c.querySelectorAll('.jp-OutputArea img')].filter(img => img.complete && img.naturalWidth > 0)
        .map(img => img.alt)]))"""


def check_saved_figures(path, shipped_alts, live_alts, shown_alts, findings):
    """After Save and reopening: the file stores no widget state or view (the save hook turned
    them into pictures), and each cell that showed a live figure shows an <img> whose alt text is
    that figure's text alternative as last drawn. Returns how many of those alt texts differ from
    the shipped ones (a control moved the figure)."""
    notebook = json.loads(path.read_text())
    views = stored_widget_cells(path)
    findings.check("widgets" not in notebook["metadata"] and not views,
                   f"saved file: widget state {'kept' if 'widgets' in notebook['metadata'] else 'dropped'}, "
                   f"widget views still stored in cell(s) {views}: the save hook did not run")
    changed = 0
    for cell, alt in live_alts.items():
        shown = shown_alts.get(cell, [])
        findings.check(alt in shown, f"reopened after Save: cell {cell} shows no <img> with the live figure's "
                                     f"last alt text {alt[:80]!r} (its images' alts: {[a[:40] for a in shown]})")
        changed += alt != shipped_alts.get(cell)
    return changed


def wait_written(path, before_ns, timeout=60):
    """Wait until the server has written `path` again (its mtime differs from `before_ns`)."""
    deadline = time.monotonic() + timeout
    while path.stat().st_mtime_ns == before_ns:
        assert time.monotonic() < deadline, f"File > Save did not write {path.name} within {timeout} s"
        time.sleep(0.05)


def save_and_reopen(page, lab, panel, name, stem, session, findings, screenshots):
    """Save the notebook (File > Save), shut its kernel down, open it again in a fresh page load;
    returns (dirty 5 s after reopening, the reopened panel, its kernel session). Checks that the
    reopened notebook shows each live figure as last drawn (check_saved_figures)."""
    live_alts = {int(k): v for k, v in panel.evaluate(LIVE_ALTS).items()}
    shipped = json.loads((lab.root / "notebooks" / name).read_text())["cells"]
    shipped_alts = {i: "".join(o["data"]["text/plain"])   # nbformat may store text as a list of lines
                    for i, c in enumerate(shipped) for o in c.get("outputs", [])[::-1]
                    if WIDGET_VIEW in o.get("data", {}) and "text/plain" in o["data"]}
    saved_before = (lab.root / "notebooks" / name).stat().st_mtime_ns
    panel.locator(".jp-Notebook").click(position={"x": 5, "y": 5})
    menu(page, "File", "docmanager:save")
    page.wait_for_function(f"nb => !({DIRTY})(nb)", arg=panel.element_handle(), timeout=60_000)
    wait_written(lab.root / "notebooks" / name, saved_before)
    lab.api(f"sessions/{session}", method="DELETE")  # shut its kernel down
    page.on("dialog", lambda dialog: dialog.accept())   # a "leave the page?" prompt, if any
    page.goto(lab.url(f"lab/workspaces/{stem}-reopened/tree/notebooks/{name}"))
    panel = page.locator(".jp-NotebookPanel:visible")
    panel.wait_for(timeout=120_000)
    opened_at = time.monotonic()
    session = wait_kernel_ready(lab, panel, name)
    dirty = dirty_after_opening(page, panel, opened_at)
    text = output_text(panel)
    findings.check("Error displaying widget" not in text, "reopened after Save: 'Error displaying widget'")
    check_error_widgets(panel, findings, "reopened after Save")
    shown_alts = {int(k): v for k, v in panel.evaluate(SHOWN_ALTS).items()}
    changed = check_saved_figures(lab.root / "notebooks" / name, shipped_alts, live_alts, shown_alts, findings)
    print(f"  reopened after Save: {len(live_alts)} live figure(s) shown as last drawn, {changed} of them "
          f"changed since shipped", flush=True)
    screenshot(page, panel, min(live_alts, default=None), screenshots / f"{stem}_reopened.png")
    return dirty, panel, session


@pytest.fixture(scope="session")
def summary(report, axe_script):
    """Rows collected by the notebook tests; printed as tables at the end of the run."""
    data = {"notebooks": [], "controls": [], "axe": [], "sliders": [], "dirty": []}
    start = time.perf_counter()
    yield data
    report("")
    report("Notebooks (times in s):")
    report(f"  {'notebook':38} {'open':>5} {'run all':>7} {'controls':>8} {'total':>6}  findings")
    for r in data["notebooks"]:
        report(f"  {r['notebook']:38} {r['open']:5.1f} {r['run']:7.1f} {r['controls']:8.1f} "
               f"{r['total']:6.1f}  {r['findings']}")
    report("")
    report("Controls (input to redrawn figure loaded, browser clock, median and 90th percentile):")
    for r in data["controls"]:
        report(f"  {r['notebook']:38} cell {r['cell']:>2}  {r['control'][:28]:28}  {r['result']}")
    report("")
    if not isinstance(axe_script, Path):
        report(f"axe-core: accessibility check SKIPPED: {axe_script}")
    else:
        report("axe-core WCAG 2.1 A/AA violations in the output areas (rule: elements; one example):")
        for r in data["axe"]:
            rules = r["violations"]
            report(f"  {r['notebook']:38} {r['when']:8} {sum(map(len, rules.values())):3} violation(s)")
            for rule, nodes in rules.items():
                report(f"      {rule}: {len(nodes)}; e.g. {nodes[0]['target']}")
    report("")
    report("Sliders after Run All: accessible name and value (Chromium's accessibility tree); aria-valuetext")
    for r in data["sliders"]:
        report(f"  {r['notebook']:38} cell {r['cell']:>2}  {r['name']!r}, {r['value']!r}; {r['valuetext']!r}")
    report("")
    report(f"Unsaved-changes mark {DIRTY_AFTER:g} s after opening (as shipped; after Run All, Save, reopen):")
    for r in data["dirty"]:
        report(f"  {r['notebook']:38} {'DIRTY' if r['shipped'] else 'clean':6} "
               f"{'DIRTY' if r['reopened'] else 'clean' if r['reopened'] is not None else '-'}")
    report(f"Browser test total: {time.perf_counter() - start:.0f} s")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook(name, page, lab, screenshots, summary, axe_script):
    start = time.perf_counter()
    findings = Findings()
    stem = name.split(".")[0]
    path = lab.root / "notebooks" / name
    assert path.exists(), f"notebooks/{name} was not copied"
    print(f"\n{name}", flush=True)
    console = []  # the browser console's errors: printed, to help read a finding
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)

    # 1. opened, not run
    page.goto(lab.url(f"lab/workspaces/{stem}/tree/notebooks/{name}"))
    panel = page.locator(".jp-NotebookPanel:visible")
    panel.wait_for(timeout=120_000)
    opened_at = time.monotonic()
    session = wait_kernel_ready(lab, panel, name)
    sidebar = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if sidebar.count():  # close the file browser: the notebook gets the page's width
        sidebar.first.click()
    opened = time.perf_counter() - start
    count = cells(panel).count()
    stored_cells = len(json.loads(path.read_text())["cells"])
    assert count == stored_cells, f"{name}: {count} cells in the page, {stored_cells} in the file"
    widget_cells = check_unrun(page, panel, path, findings)
    shown = widget_cells[0] if widget_cells else None
    screenshot(page, panel, shown, screenshots / f"{stem}_unrun.png")
    axe_unrun = axe_check(page, axe_script, findings, "not run")
    accessibility_tree(page, panel, findings, "not run")
    dirty_shipped = dirty_after_opening(page, panel, opened_at)
    print(f"  {DIRTY_AFTER:g} s after opening, as shipped: {'DIRTY' if dirty_shipped else 'clean'}", flush=True)

    # 2. Restart and Run All
    run = restart_and_run_all(page, lab, panel, name, findings)
    check_clean(page, panel, findings, "after Run All")
    axe_run = axe_check(page, axe_script, findings, "after Run All")
    tree = accessibility_tree(page, panel, findings, "after Run All")
    summary["sliders"].extend(dict(notebook=name, cell=r["cell"], name=r["name"], value=r["value"],
                                   valuetext=r["valuetext"])
                              for r in tree if r["role"] == "slider")
    controls = panel.evaluate(CONTROLS)
    first = min([c["cell"] for kind in controls.values() for c in kind], default=shown)
    screenshot(page, panel, first, screenshots / f"{stem}_run.png")
    for s in controls["sliders"]:
        findings.check(s["handle"], f"cell {s['cell']} slider {s['description']!r} has no handle")

    # 3. every control
    t0 = time.perf_counter()
    results = []
    button_cells = {b["cell"] for b in controls["buttons"]}
    for k, info in enumerate(controls["dropdowns"]):
        exercise_dropdown(page, panel, k, info, name, findings, results)
    for k, info in enumerate(controls["sliders"]):
        if info["handle"]:
            exercise_slider(page, panel, k, info, info["cell"] in button_cells, name, findings, results)
    order = sorted(range(len(controls["buttons"])),  # forward steppers before backward ones
                   key=lambda k: bool(BACKWARD.search(controls["buttons"][k]["description"]
                                                      + " " + controls["buttons"][k]["title"])))
    for k in order:
        exercise_button(page, panel, k, controls["buttons"][k], name, findings, results, screenshots)
    for other in controls["others"]:
        results.append({"notebook": name, "cell": other["cell"], "control": other["kind"], "title": "",
                        "result": "NOT EXERCISED: a kind of control this test does not know yet"})
    wait_idle(page, panel)
    check_clean(page, panel, findings, "after the controls")
    control_time = time.perf_counter() - t0
    if first is not None:
        screenshot(page, panel, first, screenshots / f"{stem}_controls.png")
    for index in sorted({c["cell"] for kind in ("sliders", "buttons", "dropdowns") for c in controls[kind]}):
        cell_screenshot(page, cells(panel).nth(index), screenshots / f"{stem}_cell{index}.png")
    dirty_reopened, panel, session = save_and_reopen(page, lab, panel, name, stem, session, findings,
                                                     screenshots)
    print(f"  {DIRTY_AFTER:g} s after reopening the saved notebook: {'DIRTY' if dirty_reopened else 'clean'}",
          flush=True)
    lab.api(f"sessions/{session}", method="DELETE")
    summary["dirty"].append(dict(notebook=name, shipped=dirty_shipped, reopened=dirty_reopened))
    for when, dirty in [("as shipped", dirty_shipped), ("reopened after Save", dirty_reopened)]:
        findings.check(not dirty, f"{when}: the tab shows unsaved changes {DIRTY_AFTER:g} s after opening, "
                                  f"with no edit")

    total = time.perf_counter() - start
    if console:
        print(f"  browser console: {len(console)} error(s), e.g. " + " | ".join(sorted(set(console))[:3])[:600])
    for r in results:
        print(f"  cell {r['cell']:>2} {r['control']}: {r['result']}", flush=True)
    summary["controls"].extend(results)
    summary["notebooks"].append(dict(notebook=name, open=opened, run=run, controls=control_time, total=total,
                                     findings=len(findings)))
    for when, found in [("not run", axe_unrun), ("run", axe_run)]:
        if found is not None:
            summary["axe"].append(dict(notebook=name, when=when, violations=found))
    assert not findings, f"{name}: {len(findings)} finding(s):\n- " + "\n- ".join(findings)
