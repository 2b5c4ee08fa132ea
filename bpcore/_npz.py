"""The one loader of the data files that ship with bpcore: a `.npz` read only after its SHA-256
matches the expected one, and never with pickle.

A corrupted, truncated or tampered file then stops with a clear error that names the script
that rebuilds it, instead of giving quietly wrong numbers; `allow_pickle=False` keeps a file
from running code when it is read (numpy arrays of numbers need no pickle).
"""
import hashlib
import io
from pathlib import Path

import numpy as np

__all__ = ["ChecksumError", "load_checked_npz"]


class ChecksumError(ValueError):
    """A data file's SHA-256 is not the expected one: it is corrupted or out of date."""


def load_checked_npz(path, sha256, rebuild):
    """{name: array} of the `.npz` at `path`, after checking that its bytes have the SHA-256
    `sha256` (hex). The bytes are read once, then hashed and parsed, so the file checked is the
    file read. `rebuild` is the command that makes the file again, for the error message.

    Raises ChecksumError (a ValueError) when the hash differs."""
    path = Path(path)
    data = path.read_bytes()
    got = hashlib.sha256(data).hexdigest()
    if got != sha256:
        raise ChecksumError(f"{path} is corrupted or out of date: its SHA-256 is {got}, expected {sha256}. "
                            f"Reinstall bpcore, or rebuild the file with `{rebuild}` (see DATA.md).")
    with np.load(io.BytesIO(data), allow_pickle=False) as f:
        return {name: f[name] for name in f.files}
