"""Speed of bpcore.sgd, measured side by side in one run on the shipped MNIST subset.

    python3 tasks.py bench            (or: python benchmarks/bench_sgd.py --repeats 5)

For a [784, 30, 10] network, m in {10, 100, 1000}, float64 and float32, it prints the time
per epoch of `bpcore.sgd` and two ratios measured in the same run, taking turns:
  - per-example / sgd: how much slower the lecture's literal per-example loop is;
  - sgd / floor: how close sgd comes to the five bare matrix products one epoch needs
    (w^2 a^1, w^3 a^2, (w^3)^T δ^3, δ^3 (a^2)^T, δ^2 (a^1)^T per mini-batch, on the same shapes).
Then a "slider-sized" run (fresh net, one epoch on 2,000 images, m = 10, then test accuracy)
and the peak memory that training allocates beyond the data set.
Targets: per-example >= 8x slower at m = 10 and >= 12x at m >= 100; sgd within 1.3x of the
floor at m = 10 and 1.15x at m >= 100; the slider-sized run under 20 ms (float64).
"""
import argparse
import os
import statistics
import time
import tracemalloc

import numpy as np

import bpcore

SIZES = [784, 30, 10]


def time_sgd(X, labels, m, dtype, per_example=False, epochs=1):
    net = bpcore.Network(SIZES, seed=1, dtype=dtype)
    start = time.perf_counter()
    bpcore.sgd(net, X, labels, epochs=epochs, batch_size=m, eta=3.0, seed=0, per_example=per_example,
               train_cost=False)
    return (time.perf_counter() - start) / epochs


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


def slider_run(X, labels, X_test, labels_test):
    start = time.perf_counter()
    net = bpcore.Network(SIZES, seed=1)
    bpcore.sgd(net, X, labels, epochs=1, batch_size=10, eta=3.0, seed=0, train_cost=False)
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
    parser.add_argument("--repeats", type=int, default=5, help="rounds of taking turns (medians are printed)")
    args = parser.parse_args()
    print(f"numpy {np.__version__}; OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '-')}, "
          f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '-')}; medians of {args.repeats} rounds\n")
    print(f"{'dtype':8} {'m':>5} {'sgd ms/epoch':>13} {'per-example':>12} {'floor':>8} "
          f"{'per-ex/sgd':>11} {'sgd/floor':>10}")
    for dtype in (np.float64, np.float32):
        (X, labels), _ = bpcore.load_mnist(dtype=dtype)
        for m in (10, 100, 1000):
            sgd_t, per_t, floor_t = [], [], []
            for _ in range(args.repeats):  # taking turns, so machine noise hits all three alike
                sgd_t.append(time_sgd(X, labels, m, dtype))
                floor_t.append(time_floor(X, m, dtype))
                if len(per_t) < 2:  # slow and steady: two rounds suffice
                    per_t.append(time_sgd(X, labels, m, dtype, per_example=True))
            s, p, f = (statistics.median(t) for t in (sgd_t, per_t, floor_t))
            print(f"{np.dtype(dtype).name:8} {m:5d} {1e3 * s:13.1f} {1e3 * p:12.1f} {1e3 * f:8.1f} "
                  f"{p / s:11.1f} {s / f:10.2f}")

    (X, labels), (X_test, labels_test) = bpcore.load_mnist()
    X2, l2 = X[:, :2000], labels[:2000]
    runs = [slider_run(X2, l2, X_test, labels_test) for _ in range(max(11, args.repeats))]
    print(f"\nslider-sized run (fresh net, 1 epoch on 2,000 images, m = 10, test accuracy): "
          f"median {1e3 * statistics.median(runs):.1f} ms (target < 20 ms)")
    peak = peak_training_memory(X, labels)
    print(f"peak memory allocated while training one epoch on {X.shape[1]} images: {peak / 2**20:.1f} MiB "
          f"(the data set itself: {X.nbytes / 2**20:.1f} MiB, not copied)")


if __name__ == "__main__":
    main()
