"""Checks at the public boundary, for the core and for code built on it (bpcore.lessons).

Each check names the argument, says what was expected and what was given and, where it helps,
the likely fix, and returns the value in the form the math needs. None runs inside the training
loop: a function checks its arguments once, then computes.

    X, Y = validate.batch(net, X, Y)      # (n_1, m) inputs and (n_L, m) targets for `net`
    X = validate.inputs(net, X)           # inputs alone
    labels = validate.labels(net, labels) # class labels 0..n_L-1
"""
import numbers

import numpy as np


def sizes(sizes):
    """`sizes` as a list of positive ints, at least two layers."""
    if isinstance(sizes, (str, bytes)) or not _iterable(sizes):
        raise TypeError(f"sizes must be a list of layer sizes like [784, 30, 10], got {sizes!r}")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(
            f"sizes must list at least two layers (input and output), like [784, 30, 10]; got {sizes!r}")
    for i, n in enumerate(sizes):
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
            raise TypeError(f"sizes[{i}] must be a positive integer (a number of neurons), got {n!r}")
        if n < 1:
            raise ValueError(f"sizes[{i}] must be a positive number of neurons, got {n!r}")
    return [int(n) for n in sizes]


def dtype(dtype):
    """float64 or float32 as a numpy dtype; anything else is refused (None too: it would
    silently mean float64)."""
    try:
        dt = None if dtype is None else np.dtype(dtype)
    except (TypeError, ValueError):
        dt = None
    if dt not in (np.float64, np.float32):
        given = dt.name if dt is not None else repr(dtype)
        raise TypeError(f"dtype must be np.float64 or np.float32, got {given}")
    return dt


def seed(seed):
    """A numpy.random.Generator from an integer seed >= 0 (or the Generator itself)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an integer >= 0 or a numpy.random.Generator, got {seed!r}"
                        + (" (without a seed a result could not be repeated)" if seed is None else ""))
    if seed < 0:
        raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
    return np.random.default_rng(int(seed))


def boolean(name, value):
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def positive_number(name, value):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {value!r}")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def integer(name, value, low, high=None, meaning=""):
    """An int in low..high (inclusive); `meaning` says what the range is."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer{meaning}, got {value!r}")
    if value < low or (high is not None and value > high):
        span = f"in {low}..{high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be an integer {span}{meaning}, got {value!r}")
    return int(value)


def layer(l, low, high, what="layer l"):
    """The lecture's layer number l as an int in low..high."""
    if type(l) is int and low <= l <= high:   # the common case first: net.w(l) runs in loops
        return l
    if isinstance(l, (bool, np.bool_)) or not isinstance(l, numbers.Integral) or not low <= l <= high:
        extra = " (layer 1 is the input)" if low == 2 else ""
        raise ValueError(f"{what} must be an integer in {low}..{high}{extra}, got {l!r}")
    return int(l)


def inputs(net, X, name="X"):
    """A batch of inputs for `net` as a (n_1, m) array of net.dtype: one column per example.

    A 1-D array of length n_1 is one example. Examples given as rows are refused with a
    message suggesting X.T, never silently transposed (a square batch would be ambiguous).
    """
    return _inputs(net, _numeric(name, X), name)


def _inputs(net, X, name):
    # X is numeric already (each public call converts its argument once)
    n_in = net.sizes[0]
    if X.ndim == 1:
        if X.shape[0] != n_in:
            raise ValueError(
                f"{name} as a 1-D array is one example and needs {n_in} entries (one per input neuron), "
                f"got {X.shape[0]}")
        X = X.reshape(n_in, 1)
    elif X.ndim != 2:
        raise ValueError(f"{name} must be 2-D with shape ({n_in}, m), one column per example; got shape {X.shape}")
    elif X.shape[0] != n_in:
        if X.shape[1] == n_in:
            raise ValueError(
                f"{name} has shape {X.shape}: it looks like one example per row, but bpcore wants one "
                f"example per column, shape ({n_in}, m). Pass {name}.T instead.")
        raise ValueError(
            f"{name} must have {n_in} rows (one per input neuron) and one column per example; got shape {X.shape}")
    if X.shape[1] == 0:
        raise ValueError(f"{name} has no examples (shape {X.shape})")
    _finite(name, X)
    return X.astype(net.dtype, copy=False)


def batch(net, X, Y):
    """Inputs and targets for `net`: X as (n_1, m) and Y as (n_L, m), both of net.dtype.

    A 1-D X is one example, and then a 1-D Y is its target vector; with a 2-D X a 1-D Y holds
    integer class labels 0..n_L-1, one-hot encoded."""
    X = _numeric("X", X)
    one_example = X.ndim == 1
    X = _inputs(net, X, "X")
    return X, _targets(Y, net.sizes[-1], X.shape[1], net.dtype, one_example)


def labels(net, labels, name="labels"):
    """Integer class labels 0..n_L-1 for `net` (one per output neuron) as a 1-D int array."""
    return _labels(_numeric(name, labels), net.sizes[-1], name)


# --- arrays handed to BP1-BP4 and the costs by hand (a few attribute reads, no pass over the data)

def same_shape(function, *named):
    """Two (name, array) pairs that `function` multiplies entry by entry (⊙)."""
    for name, value in named:
        _array(function, name, value)
    (first, a), (second, b) = named
    if a.shape != b.shape:
        raise ValueError(f"{function}: {first} and {second} are multiplied entry by entry (⊙) and need the "
                         f"same shape; got {a.shape} and {b.shape}")


def matrices(function, *named):
    """(name, array) pairs that must be 2-D arrays of numbers, one column per example."""
    for name, value in named:
        _array(function, name, value)
        if value.ndim != 2:
            raise ValueError(f"{function}: {name} must be 2-D, one column per example (a single example "
                             f"is a column: {name}.reshape(-1, 1)); got shape {value.shape}")


def _array(function, name, value):
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "fiu":
        what = f"dtype {value.dtype}" if isinstance(value, np.ndarray) else type(value).__name__
        raise TypeError(f"{function}: {name} must be a numpy array of numbers, got {what}; "
                        f"convert it with np.asarray({name}, dtype=float)")


# --- the pieces -----------------------------------------------------------------------------

def _iterable(value):
    try:
        iter(value)
    except TypeError:
        return False
    return True


def _finite(name, A):
    if not np.all(np.isfinite(A)):
        bad = np.argwhere(~np.isfinite(A))[0]
        where = f" (first at index {tuple(int(i) for i in bad)})" if A.ndim else ""
        raise ValueError(f"{name} contains NaN or infinite values{where}; clean or drop those examples")


def _numeric(name, A):
    try:
        A = np.asarray(A)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name} must be a numeric array, got {type(A).__name__}: {exc}") from None
    if A.dtype == bool or not (np.issubdtype(A.dtype, np.number)):
        raise TypeError(f"{name} must be a numeric array, got dtype {A.dtype}")
    if np.iscomplexobj(A):
        raise TypeError(f"{name} must be real, got dtype {A.dtype}")
    return A


def _targets(Y, n_out, m, dtype, one_example, name="Y"):
    """Targets as a (n_out, m) array. With a 2-D X, a 1-D integer array is read as class
    labels and one-hot encoded; with one example (1-D X), a 1-D Y is its target vector."""
    Y = _numeric(name, Y)
    if Y.ndim == 1 and one_example:
        if Y.shape[0] != n_out:
            raise ValueError(f"{name} for one example needs {n_out} entries (one per output neuron), got {Y.shape[0]}")
        Y = Y.reshape(n_out, 1)
    elif Y.ndim == 1:
        if not np.issubdtype(Y.dtype, np.integer):
            raise TypeError(
                f"{name} as a 1-D array must hold integer class labels 0..{n_out - 1}, got dtype {Y.dtype}; "
                f"for target vectors pass a ({n_out}, m) array")
        if Y.shape[0] != m:
            raise ValueError(f"{name} has {Y.shape[0]} labels but X has {m} examples (columns)")
        return _one_hot(_labels(Y, n_out, name), n_out, dtype)
    elif Y.ndim != 2:
        raise ValueError(f"{name} must have shape ({n_out}, m), one column per example; got shape {Y.shape}")
    elif Y.shape[0] != n_out:
        hint = f" It looks like one target per row: pass {name}.T." if Y.shape == (m, n_out) else ""
        raise ValueError(
            f"{name} must have {n_out} rows (one per output neuron); got shape {Y.shape}.{hint}")
    if Y.shape[1] != m:
        raise ValueError(f"{name} has {Y.shape[1]} columns but X has {m} examples (columns); they must match")
    _finite(name, Y)
    return Y.astype(dtype, copy=False)


def _labels(labels, n_classes, name):
    # labels is numeric already
    if labels.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of class labels, got shape {labels.shape}")
    if not np.issubdtype(labels.dtype, np.integer):
        if not np.all(np.isfinite(labels)) or np.any(labels != np.round(labels)):
            raise TypeError(f"{name} must hold integer class labels, got dtype {labels.dtype}")
        labels = labels.astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        bad = labels[(labels < 0) | (labels >= n_classes)][0]
        raise ValueError(f"{name} must lie in 0..{n_classes - 1} (one per output neuron), found {bad}")
    return labels


def one_hot_labels(labels, n, dtype, name="labels"):
    """The (n, m) matrix whose column x is the unit vector e_{labels[x]}."""
    return _one_hot(_labels(_numeric(name, labels), n, name), n, dtype)


def _one_hot(labels, n, dtype):
    Y = np.zeros((n, labels.shape[0]), dtype=dtype)
    Y[labels, np.arange(labels.shape[0])] = 1
    return Y
