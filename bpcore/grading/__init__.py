"""Autograding the course's assignments (assignments/, graded with nbgrader): how a hidden test
calls a student's function and says what went wrong.

A hidden test calls `checks.<part>(student_function)`. The check draws fresh random inputs (new
ones at every grading, sizes all different so a missing transpose cannot hide), computes the
right answer with bpcore, calls the student's function with bpcore's math switched off, and
raises `Slip` when the answer is wrong: the message names the natural mistake whose answer it
equals (σ′(a) for σ′(z), a transpose, a sum where a mean belongs, n for m, a missing bias, a
wrong layer, a sign ...), so nbgrader's feedback says that instead of "AssertionError".

Nothing here is an answer to copy: the inputs are drawn when the tests run, and every right
answer comes from bpcore, which students have anyway. What this module adds is the catalogue
of wrong answers, and the switch that makes a function calling bpcore fail.

    Slip           the exception a failed check raises (an AssertionError with the slip's name)
    call           run a student's function: bpcore switched off, warnings silenced
    judge          compare an answer with the right one and with the slips' answers
    untouched      fail when the notebook changed the grading machinery
"""
import builtins
import copy
import sys
import types
import warnings
from contextlib import contextmanager

import numpy as np

TOLERANCE = 1e-6     # relative to the largest entry of the right answer

# bpcore's modules of math: while a student's function runs, every function defined in them
# raises (mnist, the data, and validate stay on)
MATH_MODULES = ("activations", "network", "equations", "backprop", "costs", "gradcheck", "metrics", "sgd")

_trips = []          # the bpcore functions a student's function called, in the last `call`


class Slip(AssertionError):
    """A failed hidden test; its message names the mistake."""


def fresh_rng():
    """A generator seeded from the operating system: new inputs at every grading."""
    return np.random.default_rng()


def sizes(rng, count, low=2, high=9):
    """`count` different sizes in low..high-1, in random order."""
    return [int(n) for n in rng.choice(np.arange(low, high), size=count, replace=False)]


def _array(value):
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return array


def close(got, right):
    """Same shape and entries within TOLERANCE of the right answer's largest entry."""
    got, right = _array(got), np.asarray(right, dtype=float)
    if got is None or got.shape != right.shape or not np.all(np.isfinite(got)):
        return False
    scale = float(np.max(np.abs(right))) if right.size else 0.0
    return bool(np.all(np.abs(got - right) <= TOLERANCE * (1.0 + scale)))


def judge(name, got, right, slips=()):
    """Return quietly if `got` is `right`; else raise Slip, naming the slip whose answer `got`
    is (`slips`: pairs of the answer a mistake gives and what that mistake is)."""
    if close(got, right):
        return
    for value, why in slips:
        if value is not None and close(got, value):
            raise Slip(f"{name}: {why}")
    array, right = _array(got), np.asarray(right)
    if array is None:
        raise Slip(f"{name} should be an array of numbers; got {type(got).__name__}")
    if not np.all(np.isfinite(array)):
        raise Slip(f"{name} contains NaN or infinite values")
    if array.shape != right.shape:
        if array.shape == right.shape[::-1]:
            raise Slip(f"{name} has shape {array.shape}, the transpose of {right.shape}: a mini-batch has one "
                       f"column per example, and so has every z^l, a^l and δ^l")
        raise Slip(f"{name} has shape {array.shape}; expected {right.shape}")
    if close(-array, right):
        raise Slip(f"{name}: the sign is wrong (the answer is −1 times the right one)")
    raise Slip(f"{name}: wrong values, and not a slip these tests know; write the equation term by term")


def call(name, func, *args, hint="", copies=True):
    """func(*args) on copies of the arguments (unless copies=False), with bpcore's math switched
    off and warnings silenced (nbgrader counts a test cell that writes to stderr as failed).
    Returns the result; raises Slip when func is missing, unfinished, raises or calls bpcore.
    `hint` is added to a ValueError's message (numpy's shape errors), to name the slip."""
    untouched()
    if not callable(func):
        raise Slip(f"{name} is not a function (got {type(func).__name__}); run its cell first")
    args = [copy.deepcopy(a) for a in args] if copies else list(args)
    del _trips[:]
    try:
        with switched_off(), np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = func(*args)
    except NotImplementedError:
        raise Slip(f"{name} is not written yet (it raises NotImplementedError)") from None
    except Slip:
        raise
    except Exception as error:
        _called_bpcore(name)
        why = f"{type(error).__name__}: {error}"
        raise Slip(f"{name} raised {why}" + (f". {hint}" if hint and isinstance(error, ValueError) else "")) from None
    _called_bpcore(name)
    if result is None:
        raise Slip(f"{name} returns None: is the `return` missing?")
    return result


def _called_bpcore(name):
    if _trips:
        raise Slip(f"{name} calls bpcore ({', '.join(sorted(set(_trips)))}): write the math in numpy yourself; "
                   f"bpcore is what your function is graded against")


def _trap(*args, **kwargs):
    # becomes the code of every bpcore math function while a student's function runs; it reads
    # only builtins, since it runs with the globals of the function it replaces
    name = __import__("sys")._getframe().f_code.co_qualname
    __import__("bpcore.grading").grading._trips.append("bpcore." + name)
    raise RuntimeError(f"bpcore.{name} is switched off while your function is graded")


def _math_functions():
    import bpcore
    found = {}
    for module_name in MATH_MODULES:
        module = sys.modules.get(f"bpcore.{module_name}") or getattr(bpcore, module_name)
        for value in vars(module).values():
            members = vars(value).values() if isinstance(value, type) else [value]
            for member in members:
                member = getattr(member, "__func__", member)          # staticmethod, classmethod
                if (isinstance(member, types.FunctionType) and member.__module__ == module.__name__
                        and not member.__code__.co_freevars):
                    found[id(member)] = member
    return list(found.values())


@contextmanager
def switched_off():
    """Every function of bpcore's math raises (and is noted in _trips) inside this block."""
    saved = [(f, f.__code__) for f in _math_functions()]
    try:
        for f, code in saved:
            f.__code__ = _trap.__code__.replace(co_name=code.co_name, co_qualname=code.co_qualname)
        yield
    finally:
        for f, code in saved:
            f.__code__ = code


# --- tampering --------------------------------------------------------------------------------

SHELL_METHODS = ("run_cell", "run_cell_async", "run_code", "run_ast_nodes", "showtraceback",
                 "_showtraceback", "showsyntaxerror", "get_exception_only", "CustomTB")
KERNEL_METHODS = ("do_execute", "execute_request", "send_response")
BUILTINS = ("AssertionError", "Exception", "BaseException", "RuntimeError", "ValueError", "isinstance",
            "len", "abs", "float", "int", "print", "getattr", "type", "range", "zip", "sum", "max",
            "min", "any", "all", "callable", "sorted", "set", "list")
NUMPY = ("allclose", "abs", "asarray", "array_equal", "max", "isfinite", "all", "any", "exp", "shape",
         "errstate", "zeros", "sum", "argmax", "mean", "unique", "sort", "ceil", "concatenate")
TRUSTED = ("IPython", "ipykernel", "matplotlib", "matplotlib_inline", "comm", "ipywidgets", "jupyter",
           "traitlets", "tornado", "asyncio", "zmq", "numpy", "builtins")


def _trusted(value):
    module = getattr(getattr(value, "__func__", value), "__module__", None) or ""
    return module.split(".")[0] in TRUSTED


# numpy's own name of each ufunc in NUMPY: numpy before 2.2 gives a ufunc no __module__, so a ufunc
# is trusted by its name, which no Python code can set (a different ufunc or a np.frompyfunc fake
# has another)
UFUNC_NAMES = {"abs": "absolute", "isfinite": "isfinite", "exp": "exp", "ceil": "ceil"}


def _numpy_trusted(name):
    value = getattr(np, name)
    if isinstance(value, np.ufunc):
        return value.__name__ == UFUNC_NAMES.get(name, name)
    return _trusted(value)


def untouched():
    """Raise Slip when the notebook's code changed what the tests rely on: IPython's error
    reporting, the kernel's replies, builtins, numpy or this package. (A student's code runs
    in the tests' own Python process, so this finds the known routes; it proves nothing.)"""
    problems = []
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        if getattr(shell, "custom_exceptions", ()):
            problems.append("a custom exception handler (set_custom_exc)")
        for name in SHELL_METHODS:
            if not (_trusted(getattr(shell, name, len)) and _trusted(getattr(type(shell), name, len))):
                problems.append(f"the shell's {name}")
        kernel = getattr(shell, "kernel", None)
        for name in KERNEL_METHODS if kernel is not None else ():
            if not (_trusted(getattr(kernel, name, len)) and _trusted(getattr(type(kernel), name, len))):
                problems.append(f"the kernel's {name}")
        for event, callbacks in getattr(getattr(shell, "events", None), "callbacks", {}).items():
            if any(not _trusted(c) for c in callbacks):
                problems.append(f"a callback on IPython's {event} event")
    problems += [f"builtins.{n}" for n in BUILTINS if getattr(builtins, n).__module__ != "builtins"]
    problems += [f"numpy.{n}" for n in NUMPY if not _numpy_trusted(n)]
    for name, module in list(sys.modules.items()):
        if name.startswith("bpcore.grading") and module is not None:
            problems += [f"{name}.{key}" for key, value in vars(module).items()
                         if callable(value) and getattr(value, "__module__", None) == "__main__"]
    if problems:
        raise Slip("the notebook changed the grading machinery (" + ", ".join(problems) + "), so its tests "
                   "cannot be trusted and count as failed")

