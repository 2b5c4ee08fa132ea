"""The old private names of bpcore.validate, kept only until bpcore.lessons imports the public
module (its last users: lessons.speed, derivation, lecture_example, cost_surface). Delete this
file then; nothing in the core imports it."""
from types import SimpleNamespace

from .validate import _finite, _numeric, integer, positive_number  # noqa: F401


def _shape(sizes, dtype):
    return SimpleNamespace(sizes=list(sizes), dtype=dtype)


def inputs(X, n_in, dtype, name="X"):
    from .validate import inputs as check
    return check(_shape([n_in, 1], dtype), X, name)


def targets(Y, n_out, m, dtype, one_example, name="Y"):
    from .validate import _targets
    return _targets(Y, n_out, m, dtype, one_example, name)


def batch(X, Y, sizes, dtype):
    from .validate import batch as check
    return check(_shape(sizes, dtype), X, Y)
