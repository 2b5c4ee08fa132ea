"""Checks at the public boundary: each names the argument, what was expected, what was
given and, where it helps, the likely fix. Nothing here runs inside the training loop."""
import numbers

import numpy as np


def sizes(sizes):
    """`sizes` as a list of positive ints, at least two layers."""
    try:
        sizes = list(sizes)
    except TypeError:
        raise TypeError(f"sizes must be a list of layer sizes like [784, 30, 10], got {sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError(
            f"sizes must list at least two layers (input and output), like [784, 30, 10]; got {sizes!r}")
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral):
            raise TypeError(f"sizes[{i}] must be a positive integer (a number of neurons), got {n!r}")
        if n < 1:
            raise ValueError(f"sizes[{i}] must be a positive number of neurons, got {n!r}")
    return [int(n) for n in sizes]


def dtype(dtype):
    dt = np.dtype(dtype)
    if dt not in (np.float64, np.float32):
        raise TypeError(f"dtype must be float64 or float32, got {dt}")
    return dt


def positive_number(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {value!r}")
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def integer(name, value, low, high=None, meaning=""):
    """An int in low..high (inclusive); `meaning` says what the range is."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer{meaning}, got {value!r}")
    if value < low or (high is not None and value > high):
        span = f"in {low}..{high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be an integer {span}{meaning}, got {value!r}")
    return int(value)


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


def inputs(X, n_in, dtype, name="X"):
    """A batch of inputs as a (n_in, m) array of `dtype`: one column per example.

    A 1-D array of length n_in is one example. Examples given as rows are refused with a
    message suggesting X.T, never silently transposed (a square batch would be ambiguous).
    """
    X = _numeric(name, X)
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
    return X.astype(dtype, copy=False)


def targets(Y, n_out, m, dtype, one_example, name="Y"):
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
        return one_hot_labels(Y, n_out, dtype, name)
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


def batch(X, Y, sizes, dtype):
    """Inputs and targets together: X as (n_1, m) and Y as (n_L, m). A 1-D X is one example,
    and then a 1-D Y is its target vector; with a 2-D X a 1-D Y holds integer labels."""
    X = _numeric("X", X)
    one = X.ndim == 1
    X = inputs(X, sizes[0], dtype)
    return X, targets(Y, sizes[-1], X.shape[1], dtype, one_example=one)


def labels(labels, n_classes, name="labels"):
    labels = _numeric(name, labels)
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


def one_hot_labels(labels_, n, dtype, name="labels"):
    labels_ = labels(labels_, n, name)
    Y = np.zeros((n, labels_.shape[0]), dtype=dtype)
    Y[labels_, np.arange(labels_.shape[0])] = 1
    return Y
