"""A real screen reader on the notebooks: Orca reading Chromium, keys sent as a student sends them.

A private X display (Xvfb), a session D-Bus (dbus-launch; it starts the AT-SPI bus), Orca with a
debug log (its SPEECH OUTPUT lines are what it says), speech-dispatcher with espeak-ng writing to
ALSA's null device (Orca starts it), and Debian's Chromium, not headless, with
--force-renderer-accessibility, showing Notebook 7 (the interface the README recommends with a
screen reader) from the private server of conftest.py. Playwright, attached to that Chromium over
the DevTools protocol, only opens the notebooks, runs all their cells and reads where the focus
is; every key the student presses (Tab, Right, Space) is sent by xdotool to the X display, so
Orca hears it as it would hear a keyboard. Through 01, 05 and 07:

- Tab from a slider's cell to the slider, press Right: Orca must say the slider's name (its
  tooltip) and its value text (aria-valuetext, "η = 3.16"), then the new value text.
- 05: Tab to the step button and press Space: Orca must say the button's name, and the step moves.
- 07: Tab to Train and press Space, wait for the training to end: what Orca said is kept.

What Orca said goes to docs/screenreader-transcript.md (the code it was recorded on named at its
top) and is asserted on here. Everything runs on 127.0.0.1 and private folders; it stops what it
started, by process id.

    python3 tasks.py screenreader     (apt-get install -y orca speech-dispatcher espeak-ng xvfb
                                       xdotool dbus-x11 at-spi2-core)
"""
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from test_notebooks_in_lab import Findings, restart_and_run_all, wait_idle, wait_kernel_ready

pytestmark = pytest.mark.screenreader

ROOT = Path(__file__).resolve().parents[2]
TRANSCRIPT = ROOT / "docs" / "screenreader-transcript.md"
TOOLS = {"Xvfb": "xvfb", "dbus-launch": "dbus-x11", "orca": "orca", "speech-dispatcher": "speech-dispatcher",
         "espeak-ng": "espeak-ng", "xdotool": "xdotool"}
# Orca 43 writes "SPEECH OUTPUT: 'text'" and then, on the same line, the voice's properties ({...}).
SPEECH = re.compile(r"SPEECH OUTPUT: '(.*?)'\s*(?:\{.*)?$", re.MULTILINE)
ORCA_READY_S = 180       # Orca's start on a busy machine
QUIET_S = 2.0            # Orca has said all it will about a key once its log is quiet this long
SPEECH_WAIT_S = 120      # at most, for the first words after a key
SETTLE_S = 600           # at most, for Orca to work through the events of a Run All
TRAIN_WAIT_S = 900
# A slow, shared machine: Orca aborts its own start when it takes over 10 s (settings.timeoutTime).
ORCA_CUSTOMIZATIONS = "import orca.settings\norca.settings.timeoutTime = 0\n"
SPEECHD_CONF = 'AudioOutputMethod "alsa"\nDefaultModule espeak-ng\nAddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"\n'
ASOUNDRC = "pcm.!default { type null }\nctl.!default { type hw card 0 }\n"   # speech into nothing


def stop(process):
    """Stop a process this file started (and its group), by its id."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def free_display():
    for number in range(71, 100):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise RuntimeError("no free X display number in :71-:99")


class Orca:
    """Orca's debug log: what it said, from a mark on."""

    def __init__(self, log):
        self.log, self.mark = log, 0

    def said(self):
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [m.group(1) for m in SPEECH.finditer(text)]

    def settle(self, timeout=SETTLE_S):
        """Wait until Orca has worked through what the page did (Run All sends it thousands of
        events, which it may take minutes to process): its log has not grown for 2 * QUIET_S."""
        deadline, size, since = time.monotonic() + timeout, -1, time.monotonic()
        while time.monotonic() < deadline:
            now = self.log.stat().st_size if self.log.exists() else 0
            if now != size:
                size, since = now, time.monotonic()
            elif time.monotonic() - since > 2 * QUIET_S:
                return
            time.sleep(0.25)

    def after(self, act, until=None, wait_s=SPEECH_WAIT_S):
        """Once Orca has settled, do act(); return what Orca said from then until its log was quiet
        QUIET_S (and until(what it said so far), if given, is true: Orca may speak late)."""
        self.settle()
        start = len(self.said())
        act()
        deadline, last, last_change = time.monotonic() + wait_s, start, time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.25)
            now = len(self.said())
            if now != last:
                last, last_change = now, time.monotonic()
            if (until is None or until(self.said()[start:])) and now > start and time.monotonic() - last_change > QUIET_S:
                break
        return self.said()[start:]


@pytest.fixture(scope="module")
def desktop(tmp_path_factory):
    """Xvfb, a session bus and Orca, with a private home; yields (environment, Orca's log)."""
    missing = [f"{tool} (apt package {package})" for tool, package in TOOLS.items() if not shutil.which(tool)]
    if missing:
        pytest.fail("the screen-reader test needs: " + ", ".join(missing))
    home = tmp_path_factory.mktemp("desktop")
    (home / ".config" / "speech-dispatcher").mkdir(parents=True)
    (home / ".config" / "speech-dispatcher" / "speechd.conf").write_text(SPEECHD_CONF)
    (home / ".asoundrc").write_text(ASOUNDRC)
    (home / ".local" / "share" / "orca").mkdir(parents=True)
    (home / ".local" / "share" / "orca" / "orca-customizations.py").write_text(ORCA_CUSTOMIZATIONS)
    display = free_display()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "XDG_", "DISPLAY", "WAYLAND"))}
    env.update(HOME=str(home), DISPLAY=f":{display}", XDG_RUNTIME_DIR=str(home / "run"), LANG="C.UTF-8")
    (home / "run").mkdir(mode=0o700)
    started = []
    try:
        xvfb = subprocess.Popen(["Xvfb", f":{display}", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        started.append(xvfb)
        deadline = time.monotonic() + 30
        while not Path(f"/tmp/.X11-unix/X{display}").exists():
            assert time.monotonic() < deadline and xvfb.poll() is None, "Xvfb did not start"
            time.sleep(0.2)
        bus = subprocess.run(["dbus-launch", "--sh-syntax"], env=env, capture_output=True, text=True, check=True)
        found = dict(re.findall(r"(DBUS_SESSION_BUS_\w+)='?([^';\n]+)'?;", bus.stdout))
        env["DBUS_SESSION_BUS_ADDRESS"] = found["DBUS_SESSION_BUS_ADDRESS"]
        bus_pid = int(found["DBUS_SESSION_BUS_PID"])
        log = home / "orca-debug.log"
        orca = subprocess.Popen(["orca", "--replace", f"--debug-file={log}"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        started.append(orca)
        reader = Orca(log)
        deadline = time.monotonic() + ORCA_READY_S
        while "Screen reader on." not in reader.said():
            assert orca.poll() is None, f"Orca stopped while starting:\n{log.read_text(errors='replace')[-3000:]}"
            assert time.monotonic() < deadline, f"Orca did not start within {ORCA_READY_S} s"
            time.sleep(0.5)
        yield env, reader
    finally:
        for process in reversed(started):
            stop(process)
        if "bus_pid" in locals():
            try:
                os.kill(bus_pid, signal.SIGTERM)
            except OSError:
                pass


@pytest.fixture(scope="module")
def chromium(desktop, lab, free_port, tmp_path_factory):
    """Debian's Chromium on the X display, an app window with the accessibility tree on (--test-type:
    no infobar about --no-sandbox, which a Tab would otherwise reach); Playwright
    attached over the DevTools protocol. Yields (page, send_keys)."""
    from playwright.sync_api import sync_playwright

    env, _ = desktop
    port = free_port()
    binary = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    process = subprocess.Popen(
        [binary, "--no-sandbox", "--test-type", "--force-renderer-accessibility", "--no-first-run", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}", f"--remote-debugging-port={port}",
         "--remote-debugging-address=127.0.0.1", "--window-position=0,0", "--window-size=1280,900",
         f"--app={lab.url('tree')}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        with sync_playwright() as p:
            deadline = time.monotonic() + 60
            while True:
                try:
                    browser = p.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
                    break
                except Exception:
                    assert time.monotonic() < deadline and process.poll() is None, "Chromium did not start"
                    time.sleep(0.5)
            page = browser.contexts[0].pages[0]
            page.set_default_timeout(60_000)

            def keys(*names):
                window = subprocess.run(["xdotool", "search", "--onlyvisible", "--class", "chromium"], env=env,
                                        capture_output=True, text=True, check=False).stdout.split()
                if window:
                    subprocess.run(["xdotool", "windowfocus", "--sync", window[-1]], env=env, capture_output=True, check=False)
                for name in names:
                    subprocess.run(["xdotool", "key", "--delay", "150", name], env=env, check=True)

            yield page, keys
    finally:
        stop(process)


ACTIVE = "() => { const a = document.activeElement; return [a?.tagName, a?.getAttribute('aria-label') ?? a?.title ?? '', a?.textContent?.trim() ?? '']; }"


def tab_to(page, keys, target, limit=25):
    """Focus the target's cell (as a click on it would), then press Tab until `target` (a locator)
    has the focus; the number of Tab presses."""
    target.evaluate("el => { const cell = el.closest('.jp-Cell'); cell.scrollIntoView({block: 'start'}); cell.focus(); }")
    for presses in range(1, limit + 1):
        keys("Tab")
        time.sleep(0.3)
        if target.evaluate("el => el === document.activeElement"):
            return presses
    raise AssertionError(f"{limit} Tab presses did not reach {target}; the focus is on {page.evaluate(ACTIVE)}")


def open_and_run(page, lab, name):
    page.goto(lab.url(f"notebooks/notebooks/{name}"))
    panel = page.locator(".jp-NotebookPanel:visible")
    panel.wait_for(timeout=120_000)
    session = wait_kernel_ready(lab, panel, name)
    findings = Findings()
    restart_and_run_all(page, lab, panel, name, findings)
    assert not findings, findings
    return panel, session


def slider_and_right(page, keys, orca, panel, entries, notebook):
    """Tab to the notebook's first slider of bpcore, press Right; what Orca said for each."""
    box = panel.locator(".jp-OutputArea .bpcore-range").first
    slider = box.locator('input[type="range"]')
    name = slider.get_attribute("title")
    before = slider.get_attribute("aria-valuetext")
    heard = orca.after(lambda: tab_to(page, keys, slider), until=lambda said: any(name in line for line in said))
    entries.append((notebook, f"Tab to the slider {name!r}", heard))
    after_key = orca.after(lambda: keys("Right"), until=lambda said: any(
        line.strip() == slider.get_attribute("aria-valuetext") != before for line in said))
    wait_idle(page, panel)
    now = slider.get_attribute("aria-valuetext")
    entries.append((notebook, "Right", after_key))
    spoken = " ".join(heard)
    assert name in spoken and before in spoken, f"on Tab, Orca said {heard}; expected {name!r} and {before!r}"
    assert now != before, f"Right did not move the slider ({before})"
    assert any(now in line for line in after_key), f"on Right, Orca said {after_key}; expected {now!r}"


def press_button(page, keys, orca, panel, label, entries, notebook, wait_s=SPEECH_WAIT_S):
    button = panel.locator(".jp-OutputArea button.widget-button", has_text=re.compile(label, re.IGNORECASE)).first
    # its name as said: the label's words (an arrow glyph may be hidden from screen readers)
    name = " ".join(re.sub(r"[^\w\s]", " ", button.get_attribute("aria-label") or button.text_content() or "").split())
    heard = orca.after(lambda: tab_to(page, keys, button), until=lambda said: any(name in line for line in said))
    entries.append((notebook, f"Tab to the button {name!r}", heard))
    assert any(name in line for line in heard), f"on Tab, Orca said {heard}; expected {name!r}"
    idle = "() => document.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status === 'idle'"
    pressed = orca.after(lambda: keys("space"), until=lambda said: page.evaluate(idle), wait_s=wait_s)
    wait_idle(page, panel, timeout=wait_s)
    entries.append((notebook, "Space", pressed))
    return pressed


def code_version():
    def git(*args):
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else "?"
    dirty = " with uncommitted changes" if git("status", "--porcelain", "--", "bpcore", "notebooks") else ""
    return f"commit {git('rev-parse', '--short', 'HEAD')} ({git('log', '-1', '--format=%s')[:100]}){dirty}"


def write_transcript(entries):
    lines = ["# What Orca said: the notebooks in Notebook 7, with the keyboard", "",
             (f"Recorded by `python3 tasks.py screenreader` (tests/browser/test_screenreader.py) on "
             f"{time.strftime('%Y-%m-%d', time.gmtime())}, on {code_version()}: Orca "
             f"{subprocess.run(['orca', '--version'], capture_output=True, text=True, check=False).stdout.strip()}, "
             f"Chromium with --force-renderer-accessibility, Notebook 7 served by the pinned stack; "
             "keys sent by xdotool. Each line is one SPEECH OUTPUT of Orca's debug log, as it said it."), ""]
    for notebook, action, heard in entries:
        lines.append(f"## {notebook}: {action}" if action.startswith("Tab") else f"### then {action}")
        lines.append("")
        lines.extend(f"    {line}" for line in heard or ["(nothing)"])
        lines.append("")
    TRANSCRIPT.write_text("\n".join(lines), encoding="utf-8")


def test_orca_reads_the_sliders_and_buttons(chromium, desktop, lab, report):
    page, keys = chromium
    _, orca = desktop
    entries = []
    try:
        panel, session = open_and_run(page, lab, "01_stochastic_gradient_descent.ipynb")
        slider_and_right(page, keys, orca, panel, entries, "01")
        lab.api(f"sessions/{session}", method="DELETE")

        panel, session = open_and_run(page, lab, "05_worked_example.ipynb")
        slider_and_right(page, keys, orca, panel, entries, "05")
        step = panel.locator(".jp-OutputArea .bpcore-range input").first
        before = step.get_attribute("aria-valuetext")
        press_button(page, keys, orca, panel, r"next", entries, "05")
        assert step.get_attribute("aria-valuetext") != before, "the step button did not move the step"
        lab.api(f"sessions/{session}", method="DELETE")

        panel, session = open_and_run(page, lab, "07_training_dashboard.ipynb")
        slider_and_right(page, keys, orca, panel, entries, "07")
        said = press_button(page, keys, orca, panel, r"^\s*train", entries, "07", wait_s=TRAIN_WAIT_S)
        report(f"07: while training and after, Orca said {len(said)} thing(s), the last: {said[-1:]}")
        lab.api(f"sessions/{session}", method="DELETE")
    finally:
        if entries:
            write_transcript(entries)
            report(f"Orca's transcript: {TRANSCRIPT.relative_to(ROOT)} ({sum(len(h) for *_, h in entries)} lines)")
