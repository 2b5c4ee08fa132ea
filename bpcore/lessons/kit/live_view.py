"""The browser side of `live_controls` (anywidget's ESM and CSS, kept as strings so that no package
data is needed; plain DOM, anywidget 0.9 and later, as `range_view`): a button that keeps the focus,
a polite live status, a progress bar and a menu, each in the accessibility tree as what it is.
"""
from .range_view import row_css

# A button that never takes the `disabled` attribute (a disabled button drops the keyboard focus
# to the page): unavailable, it says so with aria-disabled (and aria-busy while its work runs),
# keeps the focus and ignores presses. Its name is its words; a symbol beside them (▶) is
# aria-hidden. Enter and Space must not reach JupyterLab's shortcuts (Enter would edit the cell).
BUTTON_ESM = r"""
function render({ model, el }) {
  el.classList.add("bpcore-button");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "jupyter-widgets jupyter-button widget-button";
  const before = document.createElement("span"), words = document.createElement("span"),
        after = document.createElement("span");
  before.setAttribute("aria-hidden", "true");
  after.setAttribute("aria-hidden", "true");
  button.append(before, words, after);
  el.append(button);
  function sync() {
    const off = !!(model.get("disabled") || model.get("busy"));
    words.textContent = model.get("description");
    before.textContent = model.get("symbol_before") ? model.get("symbol_before") + " " : "";
    after.textContent = model.get("symbol_after") ? " " + model.get("symbol_after") : "";
    button.title = model.get("tooltip");
    button.classList.toggle("mod-primary", !!model.get("primary"));
    button.classList.toggle("bpcore-unavailable", off);
    if (off) button.setAttribute("aria-disabled", "true"); else button.removeAttribute("aria-disabled");
    if (model.get("busy")) button.setAttribute("aria-busy", "true"); else button.removeAttribute("aria-busy");
  }
  const onClick = () => {
    if (model.get("disabled") || model.get("busy")) return;   // unavailable: nothing, focus kept
    model.send({ event: "click", settled: model.get("settled") });
  };
  const onKey = (event) => { if (event.key === "Enter" || event.key === " ") event.stopPropagation(); };
  button.addEventListener("click", onClick);
  button.addEventListener("keydown", onKey);
  const events = "change:description change:tooltip change:symbol_before change:symbol_after " +
                 "change:primary change:disabled change:busy";
  model.on(events, sync);
  sync();
  return () => model.off(events, sync);
}
export default { render };
"""

# A polite live region: a screen reader says its new text once, after the student's action.
# Written after QUIET ms without a newer text, so a slider held down is announced once, at its
# last position; the same text said again (`said` counts) is emptied first so that it is heard.
STATUS_ESM = r"""
const QUIET = 250;
function render({ model, el }) {
  el.classList.add("bpcore-status");
  const region = document.createElement("div");
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  region.textContent = model.get("value");   // as it is when shown: not an announcement
  el.append(region);
  let timer = null;
  function visible() { el.classList.toggle("bpcore-visually-hidden", !model.get("visible")); }
  function say() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const text = model.get("value");
      if (region.textContent !== text) { region.textContent = text; return; }
      region.textContent = "";
      timer = setTimeout(() => { region.textContent = text; }, 60);
    }, QUIET);
  }
  model.on("change:said", say);
  model.on("change:visible", visible);
  visible();
  return () => { clearTimeout(timer); model.off("change:said", say); model.off("change:visible", visible); };
}
export default { render };
"""

# A progress bar in the accessibility tree: role progressbar, named by its label, with
# aria-valuemin/max/now and the value in words (aria-valuetext, e.g. "epoch 3 of 10").
PROGRESS_ESM = r"""
let counter = 0;
function render({ model, el }) {
  el.classList.add("bpcore-progress");
  const id = "bpcore-progress-" + Date.now().toString(36) + "-" + (counter++);
  const label = document.createElement("span");
  label.id = id;
  label.className = "bpcore-progress-label";
  const bar = document.createElement("div");
  bar.setAttribute("role", "progressbar");
  bar.setAttribute("aria-labelledby", id);
  const fill = document.createElement("div");
  fill.className = "bpcore-progress-fill";
  bar.append(fill);
  el.append(label, bar);
  function sync() {
    const max = model.get("max"), value = model.get("value");
    label.textContent = model.get("description");
    bar.title = model.get("tooltip");
    bar.setAttribute("aria-valuemin", "0");
    bar.setAttribute("aria-valuemax", String(max));
    bar.setAttribute("aria-valuenow", String(value));
    bar.setAttribute("aria-valuetext", model.get("value_text"));
    fill.style.width = (max > 0 ? 100 * value / max : 0) + "%";
  }
  const events = "change:value change:max change:description change:tooltip change:value_text";
  model.on(events, sync);
  sync();
  return () => model.off(events, sync);
}
export default { render };
"""

# A native <select> named by its <label> and described by its tooltip in words (aria-describedby:
# ipywidgets 8 puts a Dropdown's tooltip on the label's title, which no screen reader says); each
# option's text as shown, and in words where they differ (z^2_1: "z superscript 2, subscript 1").
MENU_ESM = r"""
let counter = 0;
function render({ model, el }) {
  const id = "bpcore-menu-" + Date.now().toString(36) + "-" + (counter++);
  el.classList.add("bpcore-menu", "widget-dropdown");
  const label = document.createElement("label");
  label.className = "widget-label";
  label.htmlFor = id;
  const select = document.createElement("select");
  select.id = id;
  const hint = document.createElement("span");
  hint.id = id + "-hint";
  hint.hidden = true;
  select.setAttribute("aria-describedby", hint.id);
  el.append(label, select, hint);
  function options() {
    const spoken = model.get("spoken");
    select.replaceChildren(...model.get("labels").map((text, i) => {
      const option = document.createElement("option");
      option.textContent = text;
      if (spoken[i] && spoken[i] !== text) option.setAttribute("aria-label", spoken[i]);
      return option;
    }));
    sync();
  }
  function sync() {
    label.textContent = model.get("description");
    select.title = model.get("tooltip");
    hint.textContent = model.get("described");
    select.selectedIndex = model.get("index");
  }
  const onChange = () => { model.set("index", select.selectedIndex); model.save_changes(); };
  // the keys that choose an option must not reach JupyterLab's shortcuts (as for the sliders)
  const keys = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End", "Enter", " "];
  const onKey = (event) => { if (keys.includes(event.key)) event.stopPropagation(); };
  select.addEventListener("change", onChange);
  select.addEventListener("keydown", onKey);
  model.on("change:labels change:spoken", options);
  model.on("change:index change:description change:tooltip change:described", sync);
  options();
  return () => { model.off("change:labels change:spoken", options);
                 model.off("change:index change:description change:tooltip change:described", sync); };
}
export default { render };
"""

LIVE_CSS = row_css("bpcore-menu") + r"""
.bpcore-button button {
  font-family: var(--jp-ui-font-family, system-ui, sans-serif);
  font-size: var(--jp-widgets-font-size, 13px);
  min-height: 28px;
  padding: 0 12px;
  cursor: pointer;
}
.bpcore-button button.bpcore-unavailable {
  opacity: 0.6;
  cursor: not-allowed;
}
.bpcore-button button:focus-visible {
  outline: 2px solid var(--jp-brand-color1, #1976d2);
  outline-offset: 2px;
}
.bpcore-menu select {
  min-height: 26px;
  font: inherit;
  color: var(--jp-widgets-input-color, var(--jp-ui-font-color1, inherit));
  background: var(--jp-widgets-input-background-color, var(--jp-layout-color1, #fff));
  border: 1px solid var(--jp-widgets-input-border-color, var(--jp-border-color1, #757575));
}
.bpcore-status {
  font-family: var(--jp-ui-font-family, system-ui, sans-serif);
  font-size: var(--jp-widgets-font-size, 13px);
  color: var(--jp-ui-font-color1, inherit);
  min-height: 1.4em;
  padding: 2px 4px;
}
.bpcore-visually-hidden {
  position: absolute !important;
  width: 1px !important;
  height: 1px !important;
  margin: -1px !important;
  padding: 0 !important;
  overflow: hidden !important;
  clip: rect(0 0 0 0) !important;
  white-space: nowrap !important;
  border: 0 !important;
}
.bpcore-progress {
  display: flex;
  align-items: center;
  gap: 8px;
  font-family: var(--jp-ui-font-family, system-ui, sans-serif);
  font-size: var(--jp-widgets-font-size, 13px);
  color: var(--jp-ui-font-color1, inherit);
}
.bpcore-progress [role="progressbar"] {
  width: 220px;
  height: 14px;
  border: 1px solid var(--jp-border-color1, #757575);
  border-radius: 2px;
  background: var(--jp-layout-color1, #fff);
}
.bpcore-progress-fill {
  height: 100%;
  background: var(--jp-brand-color1, #1976d2);
}
"""
