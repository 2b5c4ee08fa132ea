"""A notebook stored from one Python opens clean on another: the Jupyter server serves a notebook's
``metadata.language_info.version`` as the kernel that will run it reports it.

Why the mark came. Once a notebook's kernel has started, JupyterLab and Notebook 7 (both use
@jupyterlab/notebook's ``NotebookPanel``: ``_onKernelChanged`` -> ``kernel.info`` ->
``_updateLanguage``) write the kernel's ``language_info`` from its kernel_info reply into the
notebook, ``model.setMetadata("language_info", info.language_info)``. The shared model
(@jupyter/ydoc's ``YNotebook.setMetadata``) skips the write only when the new value deep-equals
the stored one. ipykernel's ``language_info`` holds ``version``, the full version of the kernel's
Python (``sys.version.split()[0]``), so a notebook stored from 3.11.7 and opened by a 3.12 or
3.13 kernel (or 3.11.9) changes, and the tab shows the unsaved-changes mark with nothing edited.
Storing a shorter version ("3.11") would not help: anything but the kernel's exact version
differs, so every student, the one on 3.11.7 included, would get the mark. No JupyterLab setting
turns the write off, and the save hook (saved_figures) runs on a save, too late for the mark.

What this does. `opening_clean(base)` subclasses the server's contents manager: its ``get``
serves a notebook whose kernel runs the server's own Python (jupyter_client starts the
kernelspec ``python3`` of the server's environment with the server's ``sys.executable``) with
``language_info.version`` set to that Python's version, exactly as ipykernel reports it. The file
is not touched: the change reaches the disk only if the student saves, which is what JupyterLab
would have written anyway. Notebooks of other kernels or languages are served as stored.

Standard library only until it runs in the server (jupyter_server is imported there); loaded by
the server configuration that `saved_figures.install` writes.
"""
import inspect
import os
import sys

KERNEL_VERSION = sys.version.split()[0]   # what ipykernel puts in language_info.version
# Kernel commands jupyter_client replaces by the server's own sys.executable (KernelManager).
THIS_PYTHON = {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])}
DEFAULT_MANAGER = "jupyter_server.services.contents.largefilemanager.AsyncLargeFileManager"


def runs_this_python(argv):
    """True if a kernelspec's command line starts the server's own Python."""
    if not argv:
        return False
    command = argv[0]
    return command in THIS_PYTHON or os.path.realpath(command) == os.path.realpath(sys.executable)


def as_kernel_reports(notebook, kernel_runs_here):
    """The notebook content with ``language_info.version`` = KERNEL_VERSION if its kernel (name
    from ``metadata.kernelspec``) runs this Python (``kernel_runs_here(name)``) and its language is
    Python; returns whether it changed anything."""
    metadata = notebook.get("metadata") if isinstance(notebook, dict) else None
    if not isinstance(metadata, dict):
        return False
    info, spec = metadata.get("language_info"), metadata.get("kernelspec")
    if not (isinstance(info, dict) and info.get("name") == "python" and isinstance(spec, dict)):
        return False
    if info.get("version") == KERNEL_VERSION or not kernel_runs_here(spec.get("name")):
        return False
    info["version"] = KERNEL_VERSION
    return True


class OpensClean:
    """What `opening_clean` adds to a contents manager."""

    def kernel_runs_here(self, name):
        """Whether the kernelspec `name` runs the server's Python: asked of the server's kernelspec
        manager; without one (a manager used on its own), only the native kernel ``python3``."""
        specs = getattr(self.parent, "kernel_spec_manager", None)
        if specs is None or not isinstance(name, str):
            return name == "python3"
        try:
            return runs_this_python(specs.get_kernel_spec(name).argv)
        except Exception:   # no such kernel: JupyterLab asks the student to pick one anyway
            return False

    def served(self, model):
        if isinstance(model, dict) and model.get("type") == "notebook" and model.get("content") is not None:
            try:
                as_kernel_reports(model["content"], self.kernel_runs_here)
            except Exception as error:   # serving the notebook as stored is always acceptable
                self.log.warning("bpcore: %s served as stored (%s: %s)", model.get("path"),
                                 type(error).__name__, error)
        return model


def opening_clean(base=None):
    """A subclass of the contents manager class `base` (a class, its dotted name, or None for
    jupyter_server's default) whose ``get`` serves notebooks `as_kernel_reports`."""
    if base is None or isinstance(base, str):
        from traitlets.utils.importstring import import_item
        base = import_item(base or DEFAULT_MANAGER)
    if issubclass(base, OpensClean):
        return base
    if inspect.iscoroutinefunction(base.get):
        async def get(self, path, content=True, type=None, format=None, **kwargs):
            return self.served(await super(manager, self).get(path, content, type, format, **kwargs))
    else:
        def get(self, path, content=True, type=None, format=None, **kwargs):
            return self.served(super(manager, self).get(path, content, type, format, **kwargs))
    manager = type(base.__name__ + "OpensClean", (OpensClean, base), {"get": get, "__module__": __name__})
    return manager
