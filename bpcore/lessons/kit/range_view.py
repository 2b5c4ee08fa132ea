"""The browser side of `controls`' sliders (anywidget's ESM and CSS, kept as strings so that no
package data is needed): a `<label>`, an `<input type="range">` and an `<output>` readout.

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
  // them), as ipywidgets' own text fields do. Notebook 7 reads shortcuts on the document in the
  // capture phase, before the input sees the key: for that key alone the input then carries
  // Lumino's data-lm-suppress-shortcuts, set on the window, earlier still.
  const keys = ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End"];
  const onKey = (event) => { if (keys.includes(event.key)) event.stopPropagation(); };
  input.addEventListener("keydown", onKey);
  const suppress = (event) => {
    if (event.target !== input || !keys.includes(event.key)) return;
    input.setAttribute("data-lm-suppress-shortcuts", "true");
    setTimeout(() => input.removeAttribute("data-lm-suppress-shortcuts"), 0);
  };
  window.addEventListener("keydown", suppress, true);
  const onInput = () => {
    show(positionOf(model, input));           // announce and show the new value at once
    if (model.get("continuous_update")) send();
  };
  input.addEventListener("input", onInput);
  input.addEventListener("change", send);
  const events = "change:index change:readout change:labels change:description change:tooltip change:name change:valuetext_format change:disabled";
  model.on(events, sync);
  sync();
  return () => { model.off(events, sync); window.removeEventListener("keydown", suppress, true); };
}

export default { render };
"""

# JupyterLab's own variables (light and dark themes), with fallbacks for other front ends.
ROW_CSS = r"""
.ROW {
  display: flex;
  align-items: center;
  gap: 8px;
  min-height: 32px;
  font-family: var(--jp-ui-font-family, system-ui, sans-serif);
  font-size: var(--jp-widgets-font-size, 13px);
  color: var(--jp-widgets-label-color, var(--jp-ui-font-color1, inherit));
}
.ROW label {
  width: var(--jp-widgets-inline-label-width, 80px);
  flex: none;
  text-align: right;
}
"""


def row_css(row):
    """The CSS of a labelled control laid out in one row as ipywidgets lays out theirs (the label
    right-aligned in ipywidgets' label width), for the row's class `row`: the sliders' and the
    live controls' menus look alike."""
    return ROW_CSS.replace("ROW", row)


CSS = row_css("bpcore-range") + r"""
.bpcore-range label {
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
