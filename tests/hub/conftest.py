"""The hub test runs only when asked for (`python3 tasks.py hub`, i.e. `pytest -m hub tests/hub`):
a plain `pytest --nbval` at the root leaves it out, like the browser and Binder tests."""

def pytest_configure(config):
    config.addinivalue_line("markers", "hub: a real JupyterHub with nbgitpuller (python3 tasks.py hub)")


def pytest_collection_modifyitems(config, items):
    if "hub" in (config.getoption("markexpr") or "").replace("not hub", ""):
        return
    hub = [item for item in items if item.get_closest_marker("hub")]
    if hub:
        config.hook.pytest_deselected(items=hub)
        items[:] = [item for item in items if not item.get_closest_marker("hub")]
