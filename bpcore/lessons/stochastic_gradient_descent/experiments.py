"""The measurements of notebook 01 on MNIST: what one full gradient costs, and what training
runs of different mini-batch sizes reach after seeing the same number of examples.

Timings are wall-clock and vary from run to run; the notebook prints them inside
"(measured: ...)", which the tests' nbval sanitizer masks. Accuracies are deterministic
(seeded `bpcore.sgd`). Figures live in `figures`.
"""
import time

import numpy as np

import bpcore


def time_full_gradient(net, X, Y, ns, repeats=3):
    """Seconds for one `bpcore.backprop(net, X[:, :k], Y[:, :k])`, ∇C over the first k examples,
    for each k in `ns` (the least disturbed of `repeats` runs), and the slope of the line
    through 0 fitted to them: seconds per example."""
    seconds = []
    for k in ns:
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            bpcore.backprop(net, X[:, :k], Y[:, :k])
            runs.append(time.perf_counter() - start)
        seconds.append(min(runs))
    ns, seconds = np.asarray(ns, dtype=float), np.array(seconds)
    return seconds, float(np.sum(seconds * ns) / np.sum(ns ** 2))


def compare_batch_sizes(net, X, labels, test, epochs, eta=3.0, seed=0):
    """Train a copy of `net` for each (m, epochs) in `epochs` with `bpcore.sgd` (same start,
    same η, same seed) and record the test accuracy at the start and after each epoch, and the
    wall clock at the same moments. Returns (accuracies, clocks), dicts keyed by m; `net` is
    left as it was."""
    try:
        runs = [(m, count) for m, count in epochs]
    except (TypeError, ValueError):
        raise TypeError(f"epochs must be a list of pairs (m, number of epochs), e.g. "
                        f"[(8000, 10), (10, 5)]; got {epochs!r}") from None
    start_accuracy = bpcore.accuracy(net, *test)
    accuracies, clocks = {}, {}
    for m, count in runs:
        model = net.copy()
        ticks = [time.perf_counter()]
        history = bpcore.sgd(model, X, labels, epochs=count, batch_size=m, eta=eta, seed=seed,
                             test=test, monitor=bpcore.Monitor(
                                 train_cost=False, after_epoch=lambda h: ticks.append(time.perf_counter())))
        accuracies[m] = [start_accuracy] + list(history.test_accuracy)
        clocks[m] = ticks
    return accuracies, clocks
