"""bpcore.mnist: the shipped subset, and the full-MNIST download path on tiny IDX files
served from this machine (file:// or an http.server on 127.0.0.1). No internet needed."""
import functools
import gzip
import hashlib
import http.server
import shutil
import socket
import struct
import threading

import numpy as np
import pytest

from bpcore import mnist
from bpcore.mnist import MNISTChecksumError, MNISTDownloadError, load_mnist

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
    with pytest.raises(MNISTChecksumError, match="corrupted") as info:
        load_mnist()
    assert "build_mnist_subset.py" in str(info.value)


def test_intact_copy_elsewhere_loads(tmp_path, monkeypatch):
    good = tmp_path / "mnist10k.npz"
    shutil.copy(mnist._SUBSET_PATH, good)
    monkeypatch.setattr(mnist, "_SUBSET_PATH", good)
    assert load_mnist()[1][0].shape == (784, 2000)


# ---------------------------------------------------------------- bad arguments

@pytest.mark.parametrize("source", ["mnist", "Subset", "", None, 3])
def test_unknown_source(source):
    with pytest.raises(ValueError, match=r"source must be 'subset'.*'full'.*got"):
        load_mnist(source)


@pytest.mark.parametrize("dtype", [np.int32, np.uint8, np.float16, "bogus", None, int])
def test_unsupported_dtype(dtype):
    with pytest.raises(TypeError, match="dtype must be np.float64 or np.float32, got"):
        load_mnist(dtype=dtype)


@pytest.mark.parametrize("kw", [{"base_url": "file:///nowhere"}, {"cache_dir": "/tmp"},
                                {"sha256": {}}])
def test_full_only_options_rejected_for_subset(kw):
    with pytest.raises(ValueError, match="only applies to source='full'"):
        load_mnist(**kw)


# ---------------------------------------------------------------- full MNIST, tiny files

def idx_bytes(arr):
    """An IDX file of uint8 `arr`, gzipped with a fixed mtime (deterministic bytes)."""
    header = struct.pack(f">I{arr.ndim}I", 0x800 + arr.ndim, *arr.shape)
    return gzip.compress(header + arr.tobytes(), mtime=0)


@pytest.fixture
def tiny_mnist(tmp_path):
    """A folder holding the four MNIST files with 20 train and 10 test images."""
    rng = np.random.default_rng(0)
    served = tmp_path / "served"
    served.mkdir()
    arrays = {}
    for split, n in (("train", 20), ("test", 10)):
        images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
        labels = rng.integers(0, 10, size=n, dtype=np.uint8)
        names = mnist.FULL_FILES[split]
        (served / names[0]).write_bytes(idx_bytes(images))
        (served / names[1]).write_bytes(idx_bytes(labels))
        arrays[split] = (images, labels)
    sha = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in served.iterdir()}
    return served, sha, arrays


@pytest.fixture
def http_server():
    """Serve a folder on 127.0.0.1, counting the requests."""
    servers = []

    def start(folder):
        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append(self.path)
                super().do_GET()

        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
        server.requests = []
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return server, f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def check_matches(result, arrays, dtype=np.float64):
    for (X, labels), split in zip(result, ("train", "test")):
        images, expected = arrays[split]
        n = len(expected)
        assert X.shape == (784, n) and X.dtype == dtype and X.flags.f_contiguous
        np.testing.assert_array_equal(X.T, images.reshape(n, 784).astype(dtype) / dtype(255))
        assert labels.dtype == np.int64 and labels.tolist() == expected.tolist()


def test_full_downloads_verifies_and_caches(tiny_mnist, http_server, tmp_path):
    served, sha, arrays = tiny_mnist
    server, url = http_server(served)
    cache = tmp_path / "cache"
    check_matches(load_mnist("full", cache_dir=cache, base_url=url, sha256=sha), arrays)
    assert len(server.requests) == 4
    assert sorted(p.name for p in cache.iterdir()) == sorted(sha)  # no leftover .part

    # second call: from the cache, no download
    check_matches(load_mnist("full", np.float32, cache_dir=cache, base_url=url, sha256=sha),
                  arrays, np.float32)
    assert len(server.requests) == 4

    # a cached file is re-verified: a damaged one is downloaded again
    damaged = cache / "t10k-labels-idx1-ubyte.gz"
    damaged.write_bytes(b"not the file")
    check_matches(load_mnist("full", cache_dir=cache, base_url=url, sha256=sha), arrays)
    assert server.requests[4:] == ["/t10k-labels-idx1-ubyte.gz"]


def test_full_from_file_url_and_environment(tiny_mnist, tmp_path, monkeypatch):
    served, sha, arrays = tiny_mnist
    monkeypatch.setenv("BPCORE_MNIST_URL", served.as_uri())
    monkeypatch.setenv("BPCORE_CACHE", str(tmp_path / "cache_root"))
    check_matches(load_mnist("full", sha256=sha), arrays)
    assert sorted(p.name for p in (tmp_path / "cache_root" / "mnist").iterdir()) == sorted(sha)


def test_bad_checksum_leaves_no_file(tiny_mnist, tmp_path):
    served, sha, _ = tiny_mnist
    cache = tmp_path / "cache"
    wrong = {**sha, "train-images-idx3-ubyte.gz": "0" * 64}
    with pytest.raises(MNISTChecksumError, match="train-images-idx3-ubyte.gz.*expected 0000"):
        load_mnist("full", cache_dir=cache, base_url=served.as_uri(), sha256=wrong)
    assert list(cache.iterdir()) == []


def test_default_checksums_reject_other_files(tiny_mnist, tmp_path):
    served, _, _ = tiny_mnist
    with pytest.raises(MNISTChecksumError, match="440fcabf"):
        load_mnist("full", cache_dir=tmp_path / "c", base_url=served.as_uri())
    assert list((tmp_path / "c").iterdir()) == []


def test_missing_file_gives_clear_download_error(tmp_path):
    url = (tmp_path / "no-such-folder").as_uri()
    with pytest.raises(MNISTDownloadError) as info:
        load_mnist("full", cache_dir=tmp_path / "cache", base_url=url)
    message = str(info.value)
    assert "could not download" in message and url in message
    assert "load_mnist()" in message and "subset" in message
    assert isinstance(info.value, OSError)
    assert list((tmp_path / "cache").iterdir()) == []


def test_unreachable_server_gives_clear_download_error(tmp_path):
    with socket.socket() as s:  # a port that nothing listens on once closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/mnist"
    with pytest.raises(MNISTDownloadError, match="subset") as info:
        load_mnist("full", cache_dir=tmp_path / "cache", base_url=url)
    assert f"{url}/train-images-idx3-ubyte.gz" in str(info.value)


def test_http_404_gives_clear_download_error(tmp_path, http_server):
    (tmp_path / "empty").mkdir()
    _, url = http_server(tmp_path / "empty")
    with pytest.raises(MNISTDownloadError, match="404"):
        load_mnist("full", cache_dir=tmp_path / "cache", base_url=url)


# ---------------------------------------------------------------- malformed IDX

def write(tmp_path, data, gz=True):
    path = tmp_path / "file.gz"
    path.write_bytes(gzip.compress(data, mtime=0) if gz else data)
    return path


IMAGES_MAGIC = mnist._IDX_IMAGES


@pytest.mark.parametrize("data, gz, message", [
    (b"plain bytes", False, "not a readable gzip file"),
    (b"\x00\x00\x08", True, "too short"),
    (struct.pack(">4I", 2049, 2, 28, 28) + bytes(2 * 784), True, "magic number 2049"),
    (struct.pack(">4I", IMAGES_MAGIC, 2, 27, 28) + bytes(2 * 27 * 28), True, "27x28"),
    (struct.pack(">4I", IMAGES_MAGIC, 3, 28, 28) + bytes(2 * 784), True, "announces 2352"),
])
def test_malformed_idx_is_rejected(tmp_path, data, gz, message):
    with pytest.raises(ValueError, match=message):
        mnist._read_idx(write(tmp_path, data, gz), IMAGES_MAGIC)


def test_malformed_idx_through_load_mnist(tiny_mnist, tmp_path):
    served, sha, _ = tiny_mnist
    labels = served / "train-labels-idx1-ubyte.gz"
    labels.write_bytes(idx_bytes(np.zeros(19, dtype=np.uint8)))  # 20 images, 19 labels
    sha[labels.name] = hashlib.sha256(labels.read_bytes()).hexdigest()
    with pytest.raises(ValueError, match="20 images but .* 19 labels"):
        load_mnist("full", cache_dir=tmp_path / "cache", base_url=served.as_uri(), sha256=sha)


def test_label_outside_0_to_9_is_rejected(tiny_mnist, tmp_path):
    served, sha, _ = tiny_mnist
    labels = served / "t10k-labels-idx1-ubyte.gz"
    labels.write_bytes(idx_bytes(np.full(10, 10, dtype=np.uint8)))
    sha[labels.name] = hashlib.sha256(labels.read_bytes()).hexdigest()
    with pytest.raises(ValueError, match="label 10"):
        load_mnist("full", cache_dir=tmp_path / "cache", base_url=served.as_uri(), sha256=sha)
