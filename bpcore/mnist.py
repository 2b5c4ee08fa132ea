"""MNIST handwritten digits, laid out for the network: one column per example.

``load_mnist()`` returns the 10,000 digits that ship with bpcore, split once and for all
into 8,000 for training and 2,000 for testing (DATA.md says where they come from and how
the split was drawn). It needs no network. The file is checked against a known SHA-256
before it is read, so a corrupted or tampered file gives a clear error instead of quietly
wrong results.

Left out on purpose: one-hot targets (the labels stay digits 0..9), validation splits,
shuffling, augmentation, and the full 70,000-digit MNIST (no lesson needs it; DATA.md).
"""
import functools
from pathlib import Path

import numpy as np

from . import validate
from ._npz import load_checked_npz

__all__ = ["load_mnist"]

_SUBSET_PATH = Path(__file__).with_name("_data") / "mnist10k.npz"
_SUBSET_SHA256 = "ddf2a09be0a0016c95b9677c2519b741b32f4e9a29656684b517d28a6fe51998"
_REBUILD = "python scripts/build_mnist_subset.py"


def load_mnist(dtype=np.float64):
    """Load the shipped MNIST subset as ``(X_train, labels_train), (X_test, labels_test)``.

    Parameters
    ----------
    dtype : float64 or float32
        Type of the pixel values in X. float32 halves the memory.

    Returns
    -------
    (X_train, labels_train), (X_test, labels_test)
        X has shape ``(784, n)`` (n = 8,000 and 2,000): column ``x`` is one 28x28 image, row
        by row, with values pixel/255 in [0, 1]. labels has shape ``(n,)``, dtype int64,
        values 0..9. Every call returns new arrays, safe to modify.

    Raises
    ------
    bpcore._npz.ChecksumError (a ValueError)
        The shipped file is corrupted (its SHA-256 is not the expected one).
    """
    dtype = validate.dtype(dtype)
    arrays = _subset_arrays(str(_SUBSET_PATH), _SUBSET_SHA256)
    return tuple(_as_columns(rows, labels, dtype) for rows, labels in arrays)


def _as_columns(rows, labels, dtype):
    """uint8 rows (n, 784) -> fresh float X (784, n) and int64 labels (n,)."""
    X_rows = rows.astype(dtype)
    X_rows /= 255
    # The transpose of C-ordered rows is a view in which each example, a column, is one
    # contiguous block of memory: slicing a mini-batch of columns stays fast.
    return X_rows.T, labels.astype(np.int64)


@functools.lru_cache(maxsize=4)
def _subset_arrays(path, expected_sha256):
    """The shipped subset as read-only uint8 arrays, checked (`bpcore._npz`) and decoded once a process."""
    f = load_checked_npz(path, expected_sha256, _REBUILD)
    arrays = tuple((f[f"{split}_images"], f[f"{split}_labels"]) for split in ("train", "test"))
    for rows, labels in arrays:
        rows.setflags(write=False)  # shared by every call: nobody may change them
        labels.setflags(write=False)
    return arrays
