"""A notebook saved with its live figures as last drawn, reopened clean: a Jupyter server save hook.

JupyterLab saves the state of a notebook's widgets in ``metadata.widgets`` (with
binder/overrides.json's ``saveState: true``). Reopened, its widget manager restores those models
and marks the notebook as changed (jupyterlab_widgets 3.0: ``register_model`` calls
``setDirty``), so a student who changed nothing sees the unsaved-changes mark. This hook runs in
the Jupyter server on every save (``ContentsManager.pre_save_hook``) and stores, instead of the
widget state, what the state showed: for each output with a widget view it writes the first image
reachable from that view's model (a live figure as last drawn) as the output's ``image/png`` and
``<img alt>`` fallback (its text alternative = the image model's ``tooltip``), then drops the
widget view and ``metadata.widgets``. Reopened, the notebook shows every figure as last drawn,
with nothing to restore; running its cells again brings the live figures back.

Safe by construction: a notebook without widget state is saved as it is; anything unexpected in
the state leaves the notebook as it was and is logged (a save never fails because of the hook);
cells' sources, other outputs and other metadata are never touched.

Standard library only: it runs in the server process, which should not import numpy (importing
``bpcore`` does). The server loads this file by its path, not through the package (see
`server_config`); `install(prefix)` writes that loader into an environment:

    python -m bpcore.lessons.kit.saved_figures [PREFIX]    (PREFIX: an environment's sys.prefix; default:
                                                this Python's)
    python -m bpcore.lessons.kit.saved_figures --print     the configuration, to add to one by hand
"""
import base64
import copy
import html
import logging
import os
import struct
import sys

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
PIXEL_RATIO = 2      # device pixels per CSS pixel of a live figure (bpcore.lessons.kit.figures)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MODEL_REFERENCE = "IPY_MODEL_"
NO_ALT = "A live figure as last drawn; run the notebook to change it with its controls."
CONFIG_MARK = "# bpcore.lessons.kit.saved_figures: the save hook that stores live figures as last drawn"
# the first line of a configuration an earlier bpcore wrote (the hook was bpcore/saved_figures.py):
# still bpcore's own, so it is replaced, not left as someone else's
EARLIER_MARK = "# bpcore.saved_figures: the save hook"

log = logging.getLogger(__name__)


class StateError(ValueError):
    """The saved widget state is not what JupyterLab writes."""


# ---------------------------------------------------------------------- the hook
def pre_save_hook(model, path="", contents_manager=None, **_ignored):
    """Jupyter server's ``ContentsManager.pre_save_hook``: replace `model`'s notebook content by
    `with_figures_as_drawn(content)`. Never raises; on a problem the content stays as it was."""
    logger = getattr(contents_manager, "log", None) or log
    try:
        if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
            return
        model["content"] = with_figures_as_drawn(model["content"])
    except Exception as error:   # a save must never fail or lose anything because of the hook
        logger.warning("bpcore save hook: %s left as JupyterLab sent it (%s: %s)",
                       path or "notebook", type(error).__name__, error)


def with_figures_as_drawn(notebook):
    """The notebook with every widget view replaced by the figure it showed last, and without
    ``metadata.widgets``; `notebook` itself if it has no saved widget state. Raises StateError
    (leaving `notebook` unchanged) if the state is malformed."""
    metadata = notebook.get("metadata")
    if not isinstance(metadata, dict) or "widgets" not in metadata:
        return notebook
    models = widget_models(metadata["widgets"])
    result = copy.deepcopy(notebook)
    del result["metadata"]["widgets"]
    for cell in result.get("cells", []):
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            cell["outputs"] = [out for out in (as_drawn(o, models) for o in cell.get("outputs", []))
                               if out is not None]
    return result


def widget_models(widgets_metadata):
    """{model id: model} from a notebook's ``metadata.widgets``."""
    try:
        state = widgets_metadata[WIDGET_STATE]["state"]
    except (KeyError, TypeError):
        raise StateError(f"metadata.widgets has no {WIDGET_STATE!r} state") from None
    if not isinstance(state, dict) or not all(isinstance(m, dict) for m in state.values()):
        raise StateError("the widget state is not a mapping of model ids to models")
    return state


def as_drawn(output, models):
    """One output with its widget view replaced by its last image (or its stored fallback);
    None if the widget view was all it held (a bare control: nothing to show without a kernel)."""
    data = output.get("data") if isinstance(output, dict) else None
    if not isinstance(data, dict) or WIDGET_VIEW not in data:
        return output
    view = data.pop(WIDGET_VIEW)
    image = first_image(view.get("model_id") if isinstance(view, dict) else None, models)
    if image is not None:
        png, alt = image
        data.update(figure_bundle(png, alt or NO_ALT))
        width, height = css_size(png)
        output.setdefault("metadata", {})["image/png"] = {"width": width, "height": height}
    if not any(key != "text/plain" for key in data):
        return None   # only the widget's repr ("VBox(children=...)") was left
    return output


def first_image(model_id, models):
    """(PNG bytes, tooltip) of the first PNG image model reachable from `model_id` (depth first,
    children in order: a live figure's controls come before its image), or None."""
    seen, stack = set(), [model_id]
    while stack:
        current = stack.pop()
        if not isinstance(current, str) or current in seen or current not in models:
            continue
        seen.add(current)
        model = models[current]
        state = model.get("state") or {}
        if not isinstance(state, dict):
            raise StateError(f"model {current}: its state is not a mapping")
        if model.get("model_name") == "ImageModel" and state.get("format", "png") == "png":
            png = image_value(model)
            if png is not None:
                tooltip = state.get("tooltip")
                return png, tooltip.strip() if isinstance(tooltip, str) else ""
        stack.extend(reversed(references(state)))
    return None


def references(value):
    """The model ids a model's state refers to ("IPY_MODEL_<id>"), in order."""
    if isinstance(value, str):
        return [value[len(MODEL_REFERENCE):]] if value.startswith(MODEL_REFERENCE) else []
    if isinstance(value, dict):
        return [ref for item in value.values() for ref in references(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in references(item)]
    return []


def image_value(model):
    """The bytes of an image model's `value` (a base64 buffer), or None if it has none."""
    for buffer in model.get("buffers") or []:
        if isinstance(buffer, dict) and buffer.get("path") == ["value"]:
            if buffer.get("encoding", "base64") != "base64":
                raise StateError(f"image buffer encoded as {buffer.get('encoding')!r}")
            png = base64.b64decode(buffer.get("data", ""), validate=True)
            return png if png.startswith(PNG_SIGNATURE) else None
    return None


# ---------------------------------------------------------------------- the stored figure
def css_size(png):
    """(width, height) in CSS pixels of a PNG drawn at PIXEL_RATIO."""
    if len(png) < 24 or not png.startswith(PNG_SIGNATURE) or png[12:16] != b"IHDR":
        raise StateError("the image is not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return max(1, round(width / PIXEL_RATIO)), max(1, round(height / PIXEL_RATIO))


def figure_bundle(png, alt):
    """image/png, text/html (<img> with `alt`, at its CSS width, never wider than the page) and
    text/plain (`alt`): the bundle `bpcore.lessons.kit.figures.FigureImage` displays."""
    data = base64.b64encode(png).decode("ascii")
    width, _ = css_size(png)
    return {"image/png": data,
            "text/html": (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
                          f'width="{width}" style="max-width: 100%; height: auto;">'),
            "text/plain": alt}


# ---------------------------------------------------------------------- installing it
def server_config(hook_file):
    """The text of a jupyter_server_config.py that loads `hook_file` (this module) by its path,
    without importing the bpcore package (and numpy) into the server, and sets it as the hook; and
    serves notebooks as their kernel will report its Python (opened_clean.py, beside it), so that
    one stored from another Python opens without the unsaved-changes mark. The path is found
    again at each start (bpcore may be installed editable or moved)."""
    return f'''{CONFIG_MARK}
# (written by `python -m bpcore.lessons.kit.saved_figures`; delete this file to switch both off).
def _bpcore_kit(name, fallback={os.path.dirname(str(hook_file))!r}):
    import importlib.util, os
    spec = importlib.util.find_spec("bpcore")   # finds the package without importing it
    folders = list(spec.submodule_search_locations or []) if spec else []
    paths = [os.path.join(f, "lessons", "kit", name + ".py") for f in folders] + [os.path.join(fallback, name + ".py")]
    path = next((p for p in paths if os.path.isfile(p)), None)
    if path is None:
        return None
    module_spec = importlib.util.spec_from_file_location("bpcore_" + name, path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


try:   # a problem here must not stop the server: notebooks are then saved as JupyterLab sends them
    _hook = getattr(_bpcore_kit("saved_figures"), "pre_save_hook", None)
except Exception as _error:
    import sys
    print(f"bpcore save hook not loaded ({{type(_error).__name__}}: {{_error}})", file=sys.stderr)
    _hook = None
if _hook is not None:
    c.ContentsManager.pre_save_hook = _hook
try:   # the same: notebooks are then served as stored
    _opened_clean = _bpcore_kit("opened_clean")
    if _opened_clean is not None:
        _base = c.ServerApp.contents_manager_class if "contents_manager_class" in c.ServerApp else None
        c.ServerApp.contents_manager_class = _opened_clean.opening_clean(_base)
except Exception as _error:
    import sys
    print(f"bpcore: notebooks served as stored ({{type(_error).__name__}}: {{_error}})", file=sys.stderr)
'''


def install(prefix, say=print):
    """Write `server_config` as <prefix>/etc/jupyter/jupyter_server_config.py, the server
    configuration of the environment at `prefix`. A file there that this function did not write
    is left alone (and said). Returns the path if it was written, else None."""
    target = os.path.join(prefix, "etc", "jupyter", "jupyter_server_config.py")
    wanted = server_config(os.path.abspath(__file__))
    try:
        with open(target, encoding="utf-8") as current:
            text = current.read()
    except FileNotFoundError:
        text = None
    if text == wanted:
        return None
    if text is not None and not text.startswith((CONFIG_MARK, EARLIER_MARK)):
        say(f"Note: {target} exists and was not written by bpcore, so it was left as it is and saved\n"
            f"notebooks keep their widget state (they reopen marked as changed). To add bpcore's save\n"
            f"hook, append the output of `python -m bpcore.lessons.kit.saved_figures --print` to that file.")
        return None
    os.makedirs(os.path.dirname(target), exist_ok=True)
    partial = target + ".partial"   # a server starting meanwhile never reads half a file
    with open(partial, "w", encoding="utf-8") as out:
        out.write(wanted)
    os.replace(partial, target)
    return target


if __name__ == "__main__":
    if sys.argv[1:] == ["--print"]:
        print(server_config(os.path.abspath(__file__)), end="")
    elif len(sys.argv) <= 2:
        prefix = sys.argv[1] if len(sys.argv) == 2 else sys.prefix
        written = install(prefix)
        print(f"bpcore's save hook: written to {written}" if written else
              f"bpcore's save hook: nothing written in {prefix}")
    else:
        sys.exit(__doc__)
