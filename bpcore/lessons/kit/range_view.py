"""The browser side of `controls`' sliders and of `live_controls`' button, live status and progress
bar (anywidget's ESM and CSS, kept as strings so that no package data is needed). A slider is a
`<label>`, an `<input type="range">` and an `<output>` readout.

The model holds the position `index`, every position's text `labels`, the value's text
`readout`, `description` (the label), `tooltip` (the accessible name and title),
`continuous_update`, `disabled`, and the track (`track_min`, `track_step`). The input is named
by `aria-label` = `name` (the tooltip in words and the range) and announces `aria-valuetext` =
`valuetext_format` filled in ("description = readout", or "step 2 of 8"); the readout
is hidden from screen readers (the value text says it) and is no Tab stop. Written for anywidget
0.9 and later (`export default { render }`, a cleanup function returned) and plain DOM, so it
runs in JupyterLab, Notebook 7, VS Code and Colab.
"""

ESM = r"""
let counter = 0;

// The track: a linear slider's own numbers (track_min + index × track_step, so that a browser
// that reads the value itself gets the number shown), else positions 0, 1, 2, ...
function trackValue(model, index) {
  return model.get("track_min") + index * model.get("track_step");
}
function positionOf(model, input) {
  const index = Math.round((parseFloat(input.value) - model.get("track_min")) / model.get("track_step"));
  return Math.max(0, Math.min(model.get("labels").length - 1, index));
}

function render({ model, el }) {
  const id = "bpcore-range-" + Date.now().toString(36) + "-" + (counter++);
  el.classList.add("bpcore-range");
  const label = document.createElement("label");
  label.htmlFor = id;
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  const readout = document.createElement("output");
  readout.setAttribute("for", id);
  readout.setAttribute("aria-hidden", "true");   // the slider's aria-valuetext says it already
  el.append(label, input, readout);

  function show(index) {
    // the value's own text at the kernel's position (a value set in code may lie between
    // positions), a position's text while the student moves the slider
    const labels = model.get("labels");
    const text = index === model.get("index") ? model.get("readout") : (labels[index] || "");
    input.value = String(trackValue(model, index));
    input.setAttribute("aria-valuetext", model.get("valuetext_format")
      .replace("{description}", model.get("description")).replace("{text}", text));
    readout.textContent = text;
  }
  function sync() {
    const name = model.get("name") || model.get("tooltip");
    label.textContent = model.get("description");
    input.min = String(model.get("track_min"));
    input.step = String(model.get("track_step"));
    input.max = String(trackValue(model, Math.max(0, model.get("labels").length - 1)));
    input.setAttribute("aria-label", name);
    input.title = name;
    input.disabled = !!model.get("disabled");
    show(model.get("index"));
  }
  function send() {
    const index = positionOf(model, input);
    if (index !== model.get("index")) {
      model.set({ index: index, readout: model.get("labels")[index] || "" });   // a position's own text
      model.save_changes();
    }
  }
  // The keys that move a range input must not reach JupyterLab's shortcuts (which would cancel
  // them), as ipywidgets' own text fields do.
  const keys = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End"];
  const onKey = (event) => { if (keys.includes(event.key)) event.stopPropagation(); };
  input.addEventListener("keydown", onKey);
  const onInput = () => {
    show(positionOf(model, input));           // announce and show the new value at once
    if (model.get("continuous_update")) send();
  };
  input.addEventListener("input", onInput);
  input.addEventListener("change", send);
  const events = "change:index change:readout change:labels change:description change:tooltip change:name change:valuetext_format change:disabled";
  model.on(events, sync);
  sync();
  return () => model.off(events, sync);
}

export default { render };
"""

# JupyterLab's own variables (light and dark themes), with fallbacks for other front ends.
CSS = r"""
.bpcore-range {
  display: flex;
  align-items: center;
  gap: 8px;
  min-height: 32px;
  font-family: var(--jp-ui-font-family, system-ui, sans-serif);
  font-size: var(--jp-widgets-font-size, 13px);
  color: var(--jp-widgets-label-color, var(--jp-ui-font-color1, inherit));
}
.bpcore-range label {
  width: var(--jp-widgets-inline-label-width, 80px);
  flex: none;
  text-align: right;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}
.bpcore-range input[type="range"] {
  width: 220px;
  max-width: 60vw;
  margin: 0;
  accent-color: var(--jp-brand-color1, #1976d2);
  background: transparent;
}
.bpcore-range input[type="range"]:focus-visible {
  outline: 2px solid var(--jp-brand-color1, #1976d2);
  outline-offset: 2px;
}
.bpcore-range output {
  min-width: 4em;
  font-variant-numeric: tabular-nums;
  color: var(--jp-widgets-readout-color, var(--jp-ui-font-color1, inherit));
}
"""

# ---------------------------------------------------------------------- live_controls' views
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

LIVE_CSS = r"""
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
