"""MNIST handwritten digits, laid out for the network: one column per example.

``load_mnist()`` returns the 10,000 digits that ship with bpcore, split once and for all
into 8,000 for training and 2,000 for testing (DATA.md says where they come from and how
the split was drawn). It needs no network. ``load_mnist("full")`` downloads the standard
MNIST files (60,000 + 10,000 digits) once, checks their SHA-256, and keeps them in a cache.

Every file is checked against a known SHA-256 before it is read, so a corrupted or
tampered file gives a clear error instead of quietly wrong results.

Left out on purpose: one-hot targets (the labels stay digits 0..9), validation splits,
shuffling, augmentation, retries and progress bars.
"""
import functools
import gzip
import hashlib
import io
import os
import struct
import tempfile
import urllib.request
from pathlib import Path

import numpy as np

__all__ = ["load_mnist", "MNISTChecksumError", "MNISTDownloadError"]

_SUBSET_PATH = Path(__file__).with_name("_data") / "mnist10k.npz"
_SUBSET_SHA256 = "ddf2a09be0a0016c95b9677c2519b741b32f4e9a29656684b517d28a6fe51998"
_REBUILD = "python scripts/build_mnist_subset.py"

DEFAULT_URL = "https://storage.googleapis.com/cvdf-datasets/mnist/"
FULL_FILES = {  # split -> (images, labels)
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}
FULL_SHA256 = {
    "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
    "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
    "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
    "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
}
_IDX_IMAGES, _IDX_LABELS = 2051, 2049  # magic numbers: uint8 data, 3 and 1 dimensions


class MNISTChecksumError(ValueError):
    """A data file's SHA-256 is not the one expected: it is corrupted or not MNIST."""


class MNISTDownloadError(OSError):
    """An MNIST file could not be downloaded."""


def load_mnist(source="subset", dtype=np.float64, cache_dir=None, base_url=None, *,
               sha256=None):
    """Load MNIST as ``(X_train, labels_train), (X_test, labels_test)``.

    Parameters
    ----------
    source : {"subset", "full"}
        ``"subset"`` (default): the 8,000 + 2,000 digits shipped with bpcore, no network.
        ``"full"``: the standard 60,000 + 10,000, downloaded once into `cache_dir`.
    dtype : float64 or float32
        Type of the pixel values in X. float32 halves the memory (full float64 MNIST
        takes about 440 MB).
    cache_dir : str or Path, optional
        Only for ``"full"``: where the downloaded files are kept. Default
        ``$BPCORE_CACHE/mnist`` if that variable is set, else ``~/.cache/bpcore/mnist``.
    base_url : str, optional
        Only for ``"full"``: the folder URL the four ``.gz`` files are fetched from
        (``https://``, ``http://`` or ``file://``). Default: the environment variable
        ``BPCORE_MNIST_URL``, else `DEFAULT_URL`.
    sha256 : dict, optional
        Only for ``"full"``: ``{file name: SHA-256 hex}`` replacing the entries of
        `FULL_SHA256` it names, for a mirror or a test serving other files.

    Returns
    -------
    (X_train, labels_train), (X_test, labels_test)
        X has shape ``(784, n)``: column ``x`` is one 28x28 image, row by row, with
        values pixel/255 in [0, 1]. labels has shape ``(n,)``, dtype int64, values 0..9.
        Every call returns new arrays, safe to modify.

    Raises
    ------
    MNISTChecksumError
        A file is corrupted (its SHA-256 is not the expected one).
    MNISTDownloadError
        ``source="full"`` and a file could neither be found in the cache nor downloaded.
    """
    dtype = _check_dtype(dtype)
    if not isinstance(source, str) or source not in ("subset", "full"):
        raise ValueError("source must be 'subset' (the 10,000 digits shipped with bpcore) "
                         f"or 'full' (download the 70,000 MNIST digits), got {source!r}")
    if source == "subset":
        for name, value in (("cache_dir", cache_dir), ("base_url", base_url),
                            ("sha256", sha256)):
            if value is not None:
                raise ValueError(f"{name} only applies to source='full', but source is "
                                 f"'subset' and {name}={value!r}; did you mean "
                                 "load_mnist('full', ...)?")
        arrays = _subset_arrays(str(_SUBSET_PATH), _SUBSET_SHA256)
    else:
        arrays = _full_arrays(cache_dir, base_url, sha256)
    return tuple(_as_columns(rows, labels, dtype) for rows, labels in arrays)


def _check_dtype(dtype):
    try:
        dt = np.dtype(dtype)
    except (TypeError, ValueError):
        dt = None
    if dtype is None or dt not in (np.float64, np.float32):
        given = repr(dtype) if dt is None or dtype is None else dt.name
        raise TypeError(f"dtype must be np.float64 or np.float32, got {given}")
    return dt


def _as_columns(rows, labels, dtype):
    """uint8 rows (n, 784) -> fresh float X (784, n) and int64 labels (n,)."""
    X_rows = rows.astype(dtype)
    X_rows /= 255
    # The transpose of C-ordered rows is a view in which each example, a column, is one
    # contiguous block of memory: slicing a mini-batch of columns stays fast.
    return X_rows.T, labels.astype(np.int64)


def _sha256_bytes(data):
    return hashlib.sha256(data).hexdigest()


def _sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@functools.lru_cache(maxsize=4)
def _subset_arrays(path, expected_sha256):
    """The shipped subset as read-only uint8 arrays, checked and decoded once a process."""
    data = Path(path).read_bytes()  # hash and parse the same bytes
    got = _sha256_bytes(data)
    if got != expected_sha256:
        raise MNISTChecksumError(
            f"{path} is corrupted: its SHA-256 is {got}, expected {expected_sha256}. "
            f"Reinstall bpcore, or rebuild the file from its source with `{_REBUILD}` "
            "(see DATA.md).")
    with np.load(io.BytesIO(data), allow_pickle=False) as f:
        arrays = tuple((f[f"{split}_images"], f[f"{split}_labels"]) for split in ("train", "test"))
    for rows, labels in arrays:
        rows.setflags(write=False)  # shared by every call: nobody may change them
        labels.setflags(write=False)
    return arrays


def _full_arrays(cache_dir, base_url, sha256):
    if cache_dir is None:
        root = os.environ.get("BPCORE_CACHE") or Path.home() / ".cache" / "bpcore"
        cache_dir = Path(root) / "mnist"
    cache_dir = Path(cache_dir).expanduser()
    base_url = base_url or os.environ.get("BPCORE_MNIST_URL") or DEFAULT_URL
    checksums = {**FULL_SHA256, **(sha256 or {})}
    cache_dir.mkdir(parents=True, exist_ok=True)
    arrays = []
    for images_name, labels_name in FULL_FILES.values():
        images = _read_idx(_fetch(images_name, cache_dir, base_url, checksums[images_name]),
                           _IDX_IMAGES)
        labels = _read_idx(_fetch(labels_name, cache_dir, base_url, checksums[labels_name]),
                           _IDX_LABELS)
        if len(images) != len(labels):
            raise ValueError(f"{images_name} holds {len(images)} images but {labels_name} "
                             f"holds {len(labels)} labels")
        if labels.max(initial=0) > 9:
            raise ValueError(f"{labels_name} holds a label {labels.max()}, not a digit 0..9")
        arrays.append((images.reshape(len(images), 28 * 28), labels))
    return arrays


def _fetch(name, cache_dir, base_url, expected_sha256):
    """Path of a verified copy of `name` in `cache_dir`, downloading it if need be."""
    path = cache_dir / name
    # A cached file is checked on every use; a bad one is downloaded again.
    if path.exists() and _sha256_file(path) == expected_sha256:
        return path
    url = base_url.rstrip("/") + "/" + name
    # Download beside the final file and rename it only once verified: os.replace is
    # atomic, so an interrupted or bad download never leaves a half file under `name`.
    fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix=f".{name}.", suffix=".part")
    try:
        h = hashlib.sha256()
        with os.fdopen(fd, "wb") as out:
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    for block in iter(lambda: response.read(1 << 20), b""):
                        h.update(block)
                        out.write(block)
            except (OSError, ValueError) as exc:  # URLError, HTTPError, timeouts are OSErrors
                raise MNISTDownloadError(
                    f"could not download MNIST file {name} from {url}: {exc}. "
                    "If you are offline, the 10,000-digit subset shipped with bpcore needs "
                    "no download: load_mnist() (source='subset'). To use another mirror, "
                    "pass base_url=... or set BPCORE_MNIST_URL.") from exc
        if h.hexdigest() != expected_sha256:
            raise MNISTChecksumError(
                f"the file downloaded from {url} has SHA-256 {h.hexdigest()}, expected "
                f"{expected_sha256}: the download is corrupted or the mirror serves another "
                "file. It was not kept; try again or use another base_url.")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _read_idx(path, magic):
    """A gzipped IDX file of uint8 as an array: (n, 28, 28) images or (n,) labels.

    IDX is a big-endian header, then the raw bytes. The header is a magic number (two
    zero bytes, 0x08 for "unsigned bytes", then the number of dimensions D: 2051 for
    images, 2049 for labels) and D sizes, each a uint32.
    """
    try:
        with gzip.open(path, "rb") as f:
            data = f.read()
    except (OSError, EOFError) as exc:
        raise ValueError(f"{path} is not a readable gzip file: {exc}") from None
    ndim = magic & 0xFF
    header = 4 + 4 * ndim
    if len(data) < header:
        raise ValueError(f"{path} is too short ({len(data)} bytes) for an IDX header")
    got, *shape = struct.unpack(f">{1 + ndim}I", data[:header])
    if got != magic:
        raise ValueError(f"{path} has IDX magic number {got}, expected {magic} "
                         f"({'images' if magic == _IDX_IMAGES else 'labels'})")
    if ndim == 3 and shape[1:] != [28, 28]:
        raise ValueError(f"{path} holds images of {shape[1]}x{shape[2]} pixels, expected 28x28")
    if len(data) != header + int(np.prod(shape)):
        raise ValueError(f"{path} holds {len(data) - header} bytes of data, but its header "
                         f"announces {int(np.prod(shape))} (shape {tuple(shape)})")
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape)
