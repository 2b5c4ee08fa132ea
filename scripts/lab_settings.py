"""JupyterLab's settings for the notebooks, as defaults of the environment that runs JupyterLab
(.venv through tasks.py, the Binder image through binder/postBuild, a hub's image by hand): saving a
notebook stores its live figures' widget state (binder/overrides.json), and the server's save hook
(bpcore/lessons/kit/saved_figures.py) turns that state into each live figure's picture as last drawn, so that
the notebook reopened later shows it, and opens without the unsaved-changes mark.

    python scripts/lab_settings.py PREFIX     both, into the environment at PREFIX

Standard library only.
"""
import importlib.util
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAB_OVERRIDES = "binder/overrides.json"
SAVE_HOOK = "bpcore/lessons/kit/saved_figures.py"


def merged(settings, changes):
    """settings with changes applied, plugin by plugin and key by key (as JupyterLab merges its
    overrides files): what changes does not name is kept."""
    result = dict(settings)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            value = merged(result[key], value)
        result[key] = value
    return result


def install_lab_overrides(prefix, say=print):
    """Merge binder/overrides.json into <prefix>/share/jupyter/lab/settings/overrides.json, the
    defaults of the JupyterLab installed in that environment (a student's own settings still win).
    Settings already in the file are kept; the file is written only when the merge changes it.
    Returns the path if it was written, else None."""
    source = ROOT / LAB_OVERRIDES
    if not source.is_file():
        sys.exit("%s is missing: it holds JupyterLab's settings for the notebooks." % LAB_OVERRIDES)
    target = Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    try:
        current = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        current = None
    except (OSError, ValueError) as error:
        current = error
    if current is not None and not isinstance(current, dict):
        # JupyterLab ignores such a file as a whole; it may hold someone's settings, so it stays.
        why = current if isinstance(current, Exception) else "it holds a JSON %s" % type(current).__name__
        say("Note: %s could not be read as a JSON object (%s), so it was left as it is and live\n"
            "figures are not saved with the notebooks. Fix or delete that file, then run this command again."
            % (target, why))
        return None
    wanted = merged(current or {}, json.loads(source.read_text(encoding="utf-8")))
    if wanted == current:
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")  # a running JupyterLab never reads half a file
    partial.write_text(json.dumps(wanted, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, target)
    return target


def install_save_hook(prefix, say=print):
    """Install bpcore/lessons/kit/saved_figures.py's save hook into the Jupyter server configuration at
    `prefix`. The module is loaded from this repository by its path: this may run on a Python
    without numpy (tasks.py's, before .venv exists), where importing the bpcore package fails.
    Returns the path if it was written, else None."""
    spec = importlib.util.spec_from_file_location("bpcore_saved_figures", ROOT / SAVE_HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.install(str(prefix), say)


def install_all(prefix, say=print):
    """The lab overrides and the save hook into the environment at `prefix`; the paths written."""
    return [p for p in (install_lab_overrides(prefix, say), install_save_hook(prefix, say)) if p]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    install_all(sys.argv[1])
