"""What a screen-reader user meets in every notebook after Run All, in JupyterLab and Chromium.

For each notebook (served and run as in test_notebooks_in_lab.py: a private JupyterLab, Kernel >
Restart Kernel and Run All Cells), every control in the output areas is used with the keyboard,
as a student with a screen reader uses it:

- a slider: focused, then ArrowRight (ArrowLeft at its maximum);
- a button: focused, then Enter; a step-through's "next"/"previous" button again and again until
  it says it is unavailable (aria-disabled), then once more; a button that starts a run (Train)
  until its run has finished;
- a menu: focused, each other option chosen.

After each: the focus is still on the control, or on the result (never on the page: the
document's activeElement is not <body>); a live region (aria-live polite/assertive, role status,
alert or log) in the control's cell got a new text, or, for a slider that only sets a value for
its cell's button, its own aria-valuetext changed; a finished run (the control busy, then not)
was announced at its start and at its end and not in between. Every progress bar in an output
area is in Chromium's accessibility tree as a progressbar with a value, with aria-valuenow,
-valuemin, -valuemax and -valuetext; no accessible name of a control (Chromium's accessibility
tree) holds a private-use character (U+E000 to U+F8FF: an icon font's glyph). Every wait is for a
condition, with a bound.

    python3 tasks.py browser -k accessibility
"""
import re
import time

import pytest
from test_notebooks_in_lab import (
    NOTEBOOKS,
    Findings,
    restart_and_run_all,
    wait_idle,
    wait_kernel_ready,
)

pytestmark = pytest.mark.browser

PRESS_TIMEOUT = 120       # s: a press's announcement (a redraw on a slow, shared machine)
RUN_TIMEOUT = 600         # s: a run started by a button (training) to finish
SETS_A_VALUE = 5          # s: the wait for an announcement of a slider beside a button
MAX_PRESSES = 30          # a step-through button is pressed at most this often
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
LIVE = ('[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]')
OUT = ".jp-Notebook .jp-OutputArea "

# Every non-empty text a live region in an output area takes, with its cell and the time.
RECORD_LIVE = f"""nb => {{
    const cells = [...nb.querySelectorAll('.jp-Notebook .jp-Cell')];
    window.__live = [];
    window.__liveObserver?.disconnect();
    window.__liveObserver = new MutationObserver(records => {{
        for (const r of records) {{
            const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
            const region = el?.closest('{LIVE}');
            const text = region?.textContent.trim();
            if (text && region.closest('.jp-OutputArea'))
                window.__live.push({{cell: cells.indexOf(region.closest('.jp-Cell')), text, t: performance.now()}});
        }}
    }});
    window.__liveObserver.observe(nb, {{subtree: true, childList: true, characterData: true}});
}}"""
CONTROLS = f"""nb => {{
    const cells = [...nb.querySelectorAll('.jp-Notebook .jp-Cell')];
    window.__controls = [...nb.querySelectorAll('{OUT}:is(input[type="range"], button, select)')];
    return window.__controls.map(el => ({{
        cell: cells.indexOf(el.closest('.jp-Cell')), tag: el.tagName.toLowerCase(),
        text: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 60),
        title: el.title || '',
        cellHasButton: !!el.closest('.jp-OutputArea').querySelector('button')}}));
}}"""
STATE = """([k, cell]) => {
    const el = window.__controls[k];
    const active = document.activeElement;
    return {active: active === document.body || !active ? 'body'
                    : active === el ? 'control' : el.closest('.jp-Cell').contains(active) ? 'cell' : 'elsewhere',
            activeHtml: active ? active.outerHTML.slice(0, 120) : '',
            unavailable: el.getAttribute('aria-disabled') === 'true' || el.disabled,
            busy: el.getAttribute('aria-busy') === 'true',
            valuetext: el.getAttribute('aria-valuetext'),
            live: window.__live.filter(e => e.cell === cell).length};
}"""
PROGRESS = f"""nb => [...nb.querySelectorAll('{OUT}[role="progressbar"], {OUT}progress')].map(el => ({{
    now: el.getAttribute('aria-valuenow'), min: el.getAttribute('aria-valuemin'),
    max: el.getAttribute('aria-valuemax'), text: el.getAttribute('aria-valuetext'),
    html: el.outerHTML.slice(0, 160)}}))"""


def ax_nodes(page, expression):
    """Chromium's accessibility node (role, name, value, properties) of each element of the
    in-page array `expression`."""
    cdp = page.context.new_cdp_session(page)
    try:
        count = page.evaluate(f"() => {expression}.length")
        nodes = []
        for i in range(count):
            handle = cdp.send("Runtime.evaluate", {"expression": f"{expression}[{i}]"})["result"]
            node = cdp.send("Accessibility.getPartialAXTree",
                            {"objectId": handle["objectId"], "fetchRelatives": False})["nodes"][0]
            props = {p["name"]: (p.get("value") or {}).get("value") for p in node.get("properties", [])}
            nodes.append({"role": (node.get("role") or {}).get("value", ""),
                          "name": str((node.get("name") or {}).get("value", "")),
                          "value": (node.get("value") or {}).get("value"), **props})
        return nodes
    finally:
        cdp.detach()


def state(page, k, cell):
    return page.evaluate(STATE, [k, cell])


def wait_announced(page, k, cell, before, timeout=PRESS_TIMEOUT):
    """Wait (bounded) until a live region of the cell got a new text since `before` (a count)."""
    try:
        page.wait_for_function("([cell, n]) => window.__live.filter(e => e.cell === cell).length > n",
                               arg=[cell, before], timeout=timeout * 1000, polling=50)
        return True
    except Exception:
        return False


def texts_since(page, cell, before):
    return page.evaluate("([cell, n]) => window.__live.filter(e => e.cell === cell).slice(n).map(e => e.text)",
                         [cell, before])


def check_focus(findings, what, now):
    findings.check(now["active"] in ("control", "cell"),
                   f"{what}: the focus went to {now['active']} ({now['activeHtml']})")


def use_slider(page, panel, k, info, findings, log):
    what = f"cell {info['cell']} slider {info['text']!r}"
    control = page.evaluate_handle(f"() => window.__controls[{k}]")
    at_max = control.evaluate("el => +el.value >= +el.max")
    before = state(page, k, info["cell"])
    control.as_element().focus()
    control.as_element().press("ArrowLeft" if at_max else "ArrowRight")
    # a slider beside a button may only set a value for it: then nothing is announced, so the
    # wait for an announcement is short there
    announced = wait_announced(page, k, info["cell"], before["live"],
                               timeout=SETS_A_VALUE if info["cellHasButton"] else PRESS_TIMEOUT)
    wait_idle(page, panel)
    now = state(page, k, info["cell"])
    check_focus(findings, what, now)
    if not announced and info["cellHasButton"]:   # sets a value for its cell's button: says it itself
        findings.check(now["valuetext"] != before["valuetext"], f"{what}: neither a live region nor its own "
                                                                f"value text changed ({now['valuetext']!r})")
        log.append(f"{what}: says {now['valuetext']!r} itself (a value for its cell's button)")
        return
    findings.check(announced, f"{what}: no live region in its cell changed after the key press")
    heard = texts_since(page, info["cell"], before["live"])
    log.append(f"{what}: {now['valuetext']!r}, then {heard[-1][:110] if heard else None!r}")


def use_button(page, panel, k, info, findings, log):
    what = f"cell {info['cell']} button {info['text']!r}"
    control = page.evaluate_handle(f"() => window.__controls[{k}]").as_element()
    if state(page, k, info["cell"])["unavailable"]:
        log.append(f"{what}: unavailable at the start (aria-disabled), not pressed")
        return
    stepper = re.search(r"next|previous|step", info["text"] + " " + info["title"], re.I)
    for press in range(1, MAX_PRESSES + 1):
        before = state(page, k, info["cell"])
        control.focus()
        control.press("Enter")
        announced = wait_announced(page, k, info["cell"], before["live"])
        busy = state(page, k, info["cell"])["busy"]
        if busy:   # a run: focus kept while busy, then its end announced
            check_focus(findings, f"{what} while busy", state(page, k, info["cell"]))
            page.wait_for_function(f"() => window.__controls[{k}].getAttribute('aria-busy') !== 'true'",
                                   timeout=RUN_TIMEOUT * 1000, polling=200)
        wait_idle(page, panel, timeout=RUN_TIMEOUT)
        if busy:   # its end: a second announcement
            wait_announced(page, k, info["cell"], before["live"] + 1)
        now = state(page, k, info["cell"])
        check_focus(findings, what, now)
        findings.check(announced, f"{what}: press {press}: no live region in its cell changed")
        heard = texts_since(page, info["cell"], before["live"])
        if busy:
            findings.check(len(heard) == 2, f"{what}: a run should be announced at its start and its end, "
                                             f"once each; heard {heard}")
            bars = control.evaluate(f"b => [...b.closest('.jp-OutputArea').querySelectorAll("
                                    f"'[role=\"progressbar\"]')].map(p => ({{now: p.getAttribute('aria-valuenow'), "
                                    f"max: p.getAttribute('aria-valuemax'), text: p.getAttribute('aria-valuetext')}}))")
            for bar in bars:   # at its end the run's progress bar is full and says so
                findings.check(bar["now"] == bar["max"] and bar["text"].endswith(f"of {bar['max']}"),
                               f"{what}: after the run the progress bar says {bar}")
            log.append(f"{what}: progress after the run: {[b['text'] for b in bars]}")
        log.append(f"{what}: press {press}: {' / '.join(h[:90] for h in heard) or 'nothing'}")
        if not stepper or now["unavailable"]:
            break
    if stepper:
        findings.check(now["unavailable"], f"{what}: still available after {MAX_PRESSES} presses")
        control.press("Enter")   # unavailable: nothing is sent, the focus stays
        check_focus(findings, f"{what} pressed while unavailable", state(page, k, info["cell"]))


def use_menu(page, panel, k, info, findings, log):
    what = f"cell {info['cell']} menu {info['text'][:30]!r}"
    control = page.evaluate_handle(f"() => window.__controls[{k}]").as_element()
    options = control.evaluate("s => s.options.length")
    first = control.evaluate("s => s.selectedIndex")
    for option in [i for i in range(options) if i != first] + [first]:
        before = state(page, k, info["cell"])
        control.focus()
        control.select_option(index=option)
        announced = wait_announced(page, k, info["cell"], before["live"])
        wait_idle(page, panel)
        check_focus(findings, what, state(page, k, info["cell"]))
        findings.check(announced, f"{what}: option {option}: no live region in its cell changed")
        heard = texts_since(page, info["cell"], before["live"])
        log.append(f"{what}: option {option}: {heard[-1][:100] if heard else None!r}")


def check_names_and_progress(page, panel, findings, log):
    """No private-use character in a control's accessible name; every progress bar a real one."""
    page.evaluate(f"nb => {{ window.__named = [...nb.querySelectorAll('{OUT}:is(input, button, select, "
                  f"[role], progress, img)')]; }}", panel.element_handle())
    for node in ax_nodes(page, "window.__named"):
        findings.check(not PRIVATE_USE.search(node["name"]),
                       f"accessible name with a private-use character: {node['role']} {node['name']!r}")
    page.evaluate(f"nb => {{ window.__bars = [...nb.querySelectorAll('{OUT}:is([role=\"progressbar\"], "
                  f"progress, .widget-progress)')]; }}", panel.element_handle())
    bars = ax_nodes(page, "window.__bars")
    attributes = panel.evaluate(PROGRESS)
    for node, attrs in zip(bars, attributes + [{}] * len(bars)):
        ok = (node["role"] == "progressbar" and node.get("valuemax") is not None and node["name"]
              and all(attrs.get(a) not in (None, "") for a in ("now", "min", "max", "text")))
        findings.check(ok, f"progress bar: accessibility tree {node}, attributes {attrs}")
        log.append(f"progress bar {node['name']!r}: {node['role']}, {attrs.get('text')!r} "
                   f"({attrs.get('now')} of {attrs.get('max')})")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_keyboard_and_screen_reader(name, page, lab, report):
    findings, log = Findings(), []
    stem = name.split(".")[0]
    print(f"\n{name}", flush=True)
    start = time.perf_counter()
    page.goto(lab.url(f"lab/workspaces/a11y-{stem}/tree/notebooks/{name}"))
    panel = page.locator(".jp-NotebookPanel:visible")
    panel.wait_for(timeout=120_000)
    session = wait_kernel_ready(lab, panel, name)
    restart_and_run_all(page, lab, panel, name, findings)
    page.evaluate(RECORD_LIVE, panel.element_handle())
    check_names_and_progress(page, panel, findings, log)
    controls = panel.evaluate(CONTROLS)
    # backward step buttons last: first walk forward, then back
    order = sorted(range(len(controls)), key=lambda k: bool(re.search(r"previous|back", controls[k]["text"], re.I)))
    for k in order:
        info = controls[k]
        use = {"input": use_slider, "button": use_button, "select": use_menu}[info["tag"]]
        use(page, panel, k, info, findings, log)
    if any(c["tag"] == "button" for c in controls):   # the bars after the runs, too
        check_names_and_progress(page, panel, findings, log)
    lab.api(f"sessions/{session}", method="DELETE")
    for line in log:
        print(f"  {line}", flush=True)
    report(f"accessibility {name}: {len(controls)} control(s) used, {len(findings)} finding(s), "
           f"{time.perf_counter() - start:.0f} s")
    assert not findings, f"{name}: {len(findings)} finding(s):\n- " + "\n- ".join(findings)
