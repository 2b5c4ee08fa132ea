"""Settings shared by the unit tests and `pytest --nbval` (notebook kernels inherit them)."""
import os

# One BLAS thread: on a busy 2-core machine two OpenBLAS threads can make a notebook run
# several times slower, and Binder gives one CPU anyway. Set before numpy is imported here
# and in every kernel nbval starts; a value the user set wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def pytest_terminal_summary(terminalreporter):
    """After the run: each lesson's core-path words, code cells and stated times, as measured."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parent / "tests" / "lessons" / "test_lesson_conventions.py"
    spec = importlib.util.spec_from_file_location("lesson_conventions", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    terminalreporter.section("lessons: core path as measured")
    for row in module.table():
        terminalreporter.write_line(row)
