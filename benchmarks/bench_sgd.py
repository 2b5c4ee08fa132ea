"""Speed of bpcore.sgd, measured side by side in one run on the shipped MNIST subset.

    python3 tasks.py bench            (or: python benchmarks/bench_sgd.py --repeats 5)

For a [784, 30, 10] network, m in {10, 100, 1000}, float64 and float32, it prints the time
per epoch of `bpcore.sgd` and two ratios measured in the same run, taking turns:
  - per-example / sgd: how much slower the lecture's literal per-example loop is;
  - sgd / floor: how close sgd comes to the five bare matrix products one epoch needs
    (w^2 a^1, w^3 a^2, (w^3)^T δ^3, δ^3 (a^2)^T, δ^2 (a^1)^T per mini-batch, on the same shapes).
An epoch's time is the time between two of sgd's per-epoch calls of its monitor's after_epoch;
what a call costs once (checking and preparing the data) is printed apart. For reference it
also prints the time that gathering the shuffled mini-batches alone takes, a cost the floor
leaves out, and sgd / (floor + gather).
Then a "slider-sized" run (fresh net, one epoch on 2,000 images, m = 10, then test accuracy)
next to its own floor, and the peak memory that training allocates beyond the data set.
Runs with one BLAS thread, as the tests and notebooks do, unless OPENBLAS_NUM_THREADS is set.
Targets: per-example >= 8x slower at m = 10 and >= 12x at m >= 100; sgd within 1.3x of the
floor at m = 10 and 1.15x at m >= 100; the slider-sized run under 20 ms (float64).
"""
import argparse
import os
import statistics
import time
import tracemalloc

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy is imported

import numpy as np

import bpcore

SIZES = [784, 30, 10]


def time_sgd(X, labels, m, dtype, per_example=False, epochs=3):
    """Seconds of each epoch after the first, and the first epoch's extra (the fixed cost of
    a call), from the times of sgd's per-epoch calls of after_epoch."""
    net = bpcore.Network(SIZES, seed=1, dtype=dtype)
    stamps = [time.perf_counter()]
    monitor = bpcore.Monitor(train_cost=False, after_epoch=lambda history: stamps.append(time.perf_counter()))
    bpcore.sgd(net, X, labels, epochs=epochs, batch_size=m, eta=3.0, seed=0, per_example=per_example,
               monitor=monitor)
    epoch_times = np.diff(stamps)
    return list(epoch_times[1:]), epoch_times[0] - statistics.median(epoch_times[1:])


def time_floor(X, m, dtype):
    """The five matrix products of one epoch, into preallocated outputs, on batches read
    from a pre-shuffled copy of the data (so memory traffic is like training's)."""
    rng = np.random.default_rng(0)
    rows = np.ascontiguousarray(X.T[rng.permutation(X.shape[1])])
    w2 = rng.standard_normal((30, 784)).astype(dtype)
    w3 = rng.standard_normal((10, 30)).astype(dtype)
    z2, z3 = np.empty((30, m), dtype), np.empty((10, m), dtype)
    d2, d3 = np.empty((30, m), dtype), np.zeros((10, m), dtype)
    g2, g3 = np.empty((30, 784), dtype), np.empty((10, 30), dtype)
    matmul, n = np.matmul, rows.shape[0] - rows.shape[0] % m
    start = time.perf_counter()
    for k in range(0, n, m):
        x = rows[k:k + m]
        matmul(w2, x.T, out=z2)
        matmul(w3, z2, out=z3)
        matmul(w3.T, d3, out=d2)
        matmul(d3, z2.T, out=g3)
        matmul(d2, x, out=g2)
    return time.perf_counter() - start


def time_gather(X, m, dtype):
    """Gathering one epoch's shuffled mini-batches into a reused buffer, and nothing else."""
    rows = X.T
    order = np.random.default_rng(0).permutation(rows.shape[0])
    x = np.empty((m, rows.shape[1]), dtype)
    start = time.perf_counter()
    for k in range(0, rows.shape[0], m):
        np.take(rows, order[k:k + m], axis=0, out=x, mode="clip")
    return time.perf_counter() - start


def slider_floor(X, X_test, dtype=np.float64):
    """The slider-sized run's bare matrix products: one epoch's at m = 10, then w^2 a^1 and
    w^3 a^2 for the test set."""
    epoch = time_floor(X, 10, dtype)
    w2, w3 = np.ones((30, 784), dtype), np.ones((10, 30), dtype)
    start = time.perf_counter()
    np.matmul(w3, np.matmul(w2, X_test))
    return epoch + time.perf_counter() - start


def slider_run(X, labels, X_test, labels_test):
    start = time.perf_counter()
    net = bpcore.Network(SIZES, seed=1)
    bpcore.sgd(net, X, labels, epochs=1, batch_size=10, eta=3.0, seed=0, monitor=bpcore.Monitor(train_cost=False))
    bpcore.accuracy(net, X_test, labels_test)
    return time.perf_counter() - start


def peak_training_memory(X, labels):
    net = bpcore.Network(SIZES, seed=1)
    tracemalloc.start()
    bpcore.sgd(net, X, labels, epochs=1, batch_size=10, eta=3.0, seed=0)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="rounds of taking turns (medians are printed)")
    args = parser.parse_args()
    print(f"numpy {np.__version__}; OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '-')}, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '-')}; medians of {args.repeats} rounds; each ratio is the median of the rounds' own ratios\n")
    print(f"{'dtype':8} {'m':>5} {'ms/epoch: sgd':>14} {'per-example':>12} {'floor':>7} {'gather':>7}"
          f" {'per-ex/sgd':>11} {'sgd/floor':>10} {'sgd/(floor+gather)':>19}")
    fixed = []
    for dtype in (np.float64, np.float32):
        (X, labels), _ = bpcore.load_mnist(dtype=dtype)
        for m in (10, 100, 1000):
            rounds = []
            for _ in range(args.repeats):  # taking turns, so machine noise hits all alike
                f = time_floor(X, m, dtype)
                epochs, once = time_sgd(X, labels, m, dtype)
                g = time_gather(X, m, dtype)
                f = (f + time_floor(X, m, dtype)) / 2  # the floor just before and just after
                p = statistics.median(time_sgd(X, labels, m, dtype, per_example=True, epochs=2)[0])
                s = statistics.median(epochs)
                # this machine's speed drifts within seconds: ratios are taken within a round
                rounds.append((s, p, f, g, p / s, s / f, s / (f + g)))
                fixed.append(once)
            s, p, f, g, *r = (statistics.median(column) for column in zip(*rounds))
            print(f"{np.dtype(dtype).name:8} {m:5d} {1e3 * s:14.1f} {1e3 * p:12.1f} {1e3 * f:7.1f} {1e3 * g:7.1f}"
                  f" {r[0]:11.1f} {r[1]:10.2f} {r[2]:19.2f}")
    print(f"\nonce per sgd call (checking and preparing {X.shape[1]} examples): median {1e3 * statistics.median(fixed):.1f} ms")

    (X, labels), (X_test, labels_test) = bpcore.load_mnist()
    X2, l2 = X[:, :2000], labels[:2000]
    runs, floors = [], []
    for _ in range(max(11, args.repeats)):
        runs.append(slider_run(X2, l2, X_test, labels_test))
        floors.append(slider_floor(X2, X_test))
    print(f"slider-sized run (fresh net, 1 epoch on 2,000 images, m = 10, test accuracy): "
          f"median {1e3 * statistics.median(runs):.1f} ms (target < 20 ms); its bare matrix products "
          f"alone: {1e3 * statistics.median(floors):.1f} ms")
    peak = peak_training_memory(X, labels)
    print(f"peak memory allocated while training one epoch on {X.shape[1]} images: {peak / 2**20:.1f} MiB "
          f"(the data set itself: {X.nbytes / 2**20:.1f} MiB, not copied)")


if __name__ == "__main__":
    main()
