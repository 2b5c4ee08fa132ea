"""bpcore.mnist: the shipped subset, its checksum, and the arguments load_mnist refuses."""
import shutil

import numpy as np
import pytest

from bpcore import mnist
from bpcore.mnist import load_mnist

# Documented in DATA.md: round(0.2 n_d) of each digit goes to test.
TRAIN_COUNTS = [801, 902, 793, 826, 784, 690, 811, 856, 755, 782]
TEST_COUNTS = [200, 225, 198, 206, 196, 173, 203, 214, 189, 196]


# ---------------------------------------------------------------- the shipped subset

def test_subset_shapes_dtypes_and_values():
    (X, y), (Xt, yt) = load_mnist()
    assert X.shape == (784, 8000) and Xt.shape == (784, 2000)
    assert y.shape == (8000,) and yt.shape == (2000,)
    assert X.dtype == Xt.dtype == np.float64
    assert y.dtype == yt.dtype == np.int64
    for A in (X, Xt):
        assert A.min() == 0.0 and A.max() == 1.0
        # exactly k/255 for bytes k
        assert np.array_equal(np.rint(A * 255) / 255, A)
    for labels in (y, yt):
        assert labels.min() == 0 and labels.max() == 9


def test_subset_class_balance_is_the_documented_split():
    (_, y), (_, yt) = load_mnist()
    assert np.bincount(y, minlength=10).tolist() == TRAIN_COUNTS
    assert np.bincount(yt, minlength=10).tolist() == TEST_COUNTS
    # shuffled, not sorted by digit
    assert len(set(y[:100].tolist())) == 10


def test_subset_train_and_test_share_no_image():
    (X, _), (Xt, _) = load_mnist()
    train = {col.tobytes() for col in (X.T * 255).astype(np.uint8)}
    assert not any(col.tobytes() in train for col in (Xt.T * 255).astype(np.uint8))


def test_subset_examples_are_contiguous_columns():
    (X, _), (Xt, _) = load_mnist()
    for A in (X, Xt):
        assert A.flags.f_contiguous and A.T.flags.c_contiguous
        assert A[:, 5].flags.c_contiguous


def test_every_call_returns_fresh_writable_arrays():
    (X, y), _ = load_mnist()
    X[:] = -1.0
    y[:] = 42
    (X2, y2), _ = load_mnist()
    assert X2.min() == 0.0 and y2.max() == 9
    assert not np.shares_memory(X, X2) and not np.shares_memory(y, y2)


def test_float32_option():
    (X, y), (Xt, yt) = load_mnist(dtype=np.float32)
    (X64, _), _ = load_mnist()
    assert X.dtype == Xt.dtype == np.float32 and y.dtype == np.int64
    assert X.flags.f_contiguous
    np.testing.assert_array_equal(X, X64.astype(np.float32))
    assert load_mnist(dtype="float32")[0][0].dtype == np.float32


def test_corrupted_subset_is_detected(tmp_path, monkeypatch):
    bad = tmp_path / "mnist10k.npz"
    shutil.copy(mnist._SUBSET_PATH, bad)
    data = bytearray(bad.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad.write_bytes(bytes(data))
    monkeypatch.setattr(mnist, "_SUBSET_PATH", bad)
    with pytest.raises(ValueError, match="corrupted") as info:
        load_mnist()
    assert "build_mnist_subset.py" in str(info.value)


def test_intact_copy_elsewhere_loads(tmp_path, monkeypatch):
    good = tmp_path / "mnist10k.npz"
    shutil.copy(mnist._SUBSET_PATH, good)
    monkeypatch.setattr(mnist, "_SUBSET_PATH", good)
    assert load_mnist()[1][0].shape == (784, 2000)


# ---------------------------------------------------------------- bad arguments

@pytest.mark.parametrize("dtype", [np.int32, np.uint8, np.float16, "bogus", None, int, "full", 3.5])
def test_unsupported_dtype(dtype):
    with pytest.raises(TypeError, match="dtype must be np.float64 or np.float32, got"):
        load_mnist(dtype=dtype)
