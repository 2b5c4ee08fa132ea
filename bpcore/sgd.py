"""Mini-batch stochastic gradient descent: the lecture's "combining backprop with gradient
descent".

Each epoch shuffles the training examples with a seeded generator and splits them into
mini-batches of m examples (the last may be smaller). For each mini-batch, with m its real size:

    w^l → w^l − (η/m) Σ_x δ^{x,l} (a^{x,l-1})^T,     b^l → b^l − (η/m) Σ_x δ^{x,l}

The sums come from BP3 and BP4 over the batch's columns, so one mini-batch costs one matrix
product per layer and direction. The training loop reuses preallocated buffers and folds
−η/m into δ^L once, so the rest of backprop carries it for free (BP2 is linear in δ).

Each mini-batch's cost C_batch = (1/m) Σ_x C_x is recorded on the way (`History.batch_costs`):
the feedforward of the step already holds a^L (and z^L) for the batch's m columns, and the cost
class gives δ^L and C_batch together (`output_error_and_value`; for the quadratic cost C_batch
is one dot product of the a^L − y that BP1 computes anyway), not another pass over the data.
It is measured with the weights *before* that batch's step, as the step sees them.

`sgd` checks its arguments once, then trains: the training loop checks nothing (the
per-example path for comparison, `per_example=True`, calls the public BP1-BP4 as the lecture's
loop reads, and they check their shapes as they do for anyone). What it measures besides
training, and whom it tells after each epoch, is one `Monitor`.
"""
import numpy as np

from . import validate
from .backprop import _per_example_gradient, backward_pass
from .costs import get_cost
from .metrics import _accuracy, _cost
from .network import feedforward_layers


class History:
    """What `sgd` measured.

    Attributes
    ----------
    epoch : list of int           epochs completed, 1, 2, ...
    train_cost : list of float    C over the whole training set after each epoch: train_cost[0]
                                  is after epoch 1 (empty if the monitor's train_cost=False)
    batch_costs : list of arrays  per epoch, the cost C of each mini-batch in the order trained,
                                  C_batch = (1/m) Σ_x C_x over its m examples, measured in the
                                  feedforward of its own step (weights before the step); an
                                  array of ⌈n/m⌉ floats per epoch (empty if the monitor's
                                  batch_costs=False)
    test_accuracy : list of float fraction of test examples classified right (if `test` given)
    start_cost, start_accuracy : float or None
                                  the same two numbers for the untrained network, measured only
                                  if the monitor's from_start=True (None otherwise)
    diverged : bool               True if the parameters stopped being finite; the network then
                                  keeps the parameters of the last finite epoch
    stopped_early : bool          True if the monitor's after_epoch asked to stop
    """

    def __init__(self):
        self.epoch, self.train_cost, self.test_accuracy, self.batch_costs = [], [], [], []
        self.start_cost = self.start_accuracy = None
        self.diverged = self.stopped_early = False

    def __repr__(self):
        flags = " DIVERGED" if self.diverged else (" stopped early" if self.stopped_early else "")
        last = ""
        if self.train_cost:
            last += f", last train cost {self.train_cost[-1]:.4f}"
        if self.test_accuracy:
            last += f", test accuracy {self.test_accuracy[-1]:.4f}"
        return f"<History: {len(self.epoch)} epochs{last}{flags}>"


class Monitor:
    """What `sgd` measures besides training, and whom it tells after each epoch. (Nielsen's
    later network2.SGD has a flag per measurement, monitor_training_cost and the like; here they
    are one object.) The default records the training cost and every mini-batch's cost.

    train_cost : bool          C over the whole training set after each epoch (one extra
                               feedforward of all n examples per epoch; False skips it)
    batch_costs : bool         each mini-batch's C_batch, from the a^L its own step computes
                               (no extra pass over the data)
    after_epoch : callable(history) or None
                               called after each epoch with the History so far; return True
                               to stop training
    from_start : bool          also measure the untrained network (History.start_cost and,
                               with a test set, start_accuracy) and call after_epoch once
                               before the first epoch, when history.epoch is still []
    """

    def __init__(self, train_cost=True, batch_costs=True, after_epoch=None, from_start=False):
        self.train_cost = validate.boolean("train_cost", train_cost)
        self.batch_costs = validate.boolean("batch_costs", batch_costs)
        if after_epoch is not None and not callable(after_epoch):
            raise TypeError(f"after_epoch must be a function of the history (or None), got {after_epoch!r}")
        self.after_epoch = after_epoch
        self.from_start = validate.boolean("from_start", from_start)

    def __repr__(self):
        return (f"Monitor(train_cost={self.train_cost}, batch_costs={self.batch_costs}, "
                f"after_epoch={self.after_epoch!r}, from_start={self.from_start})")


def sgd(net, X, Y, epochs=1, batch_size=10, eta=3.0, test=None, *, seed=0, cost="quadratic",
        monitor=None, per_example=False):
    """Train `net` in place by mini-batch SGD and return a `History`: Nielsen's
    SGD(training_data, epochs, mini_batch_size, eta, test_data), with the training data as
    the matrices X and Y.

    Parameters
    ----------
    X : array (n_1, n)             training inputs, one column per example
    Y : array (n_L, n) or labels   targets, or integer class labels 0..n_L-1 (one-hot encoded)
    epochs : int >= 0
    batch_size : int in 1..n       m; batch_size = n is full-batch gradient descent
    eta : float > 0                the learning rate η
    test : (X_test, labels_test)   if given, test accuracy is recorded after each epoch
    seed : int >= 0 or Generator   seeds the shuffling: the same seed gives the same weights
    cost : 'quadratic', 'cross-entropy' or a cost class
    monitor : Monitor              what to measure besides training (default: `Monitor()`)
    per_example : bool             compute each mini-batch's gradient with the lecture's
                                   per-example loop (slow; the same numbers, for comparison)

    A call that raises (bad input, an error in after_epoch, an interrupt) leaves `net` as it
    was before the call.
    """
    cost = get_cost(cost)
    X = validate.inputs(net, X)
    n = X.shape[1]
    Y = validate._targets(Y, net.sizes[-1], n, net.dtype, one_example=False)
    epochs = validate.integer("epochs", epochs, 0, meaning=" (number of passes over the data)")
    batch_size = validate.integer("batch_size", batch_size, 1, n, meaning=f" (at most n = {n} examples)")
    eta = validate.positive_number("eta", eta)
    rng = validate.seed(seed)
    if test is not None:
        if not isinstance(test, (tuple, list)) or len(test) != 2:
            raise TypeError("test must be a pair (X_test, labels_test)")
        X_test = validate.inputs(net, test[0], name="X_test")
        labels_test = validate.labels(net, test[1], name="labels_test")
        if labels_test.shape[0] != X_test.shape[1]:
            raise ValueError(f"labels_test has {labels_test.shape[0]} labels but X_test has {X_test.shape[1]} columns")
    monitor = _monitor(monitor)
    per_example = validate.boolean("per_example", per_example)

    def measure():
        """C on the training set and the test accuracy, each None unless monitored."""
        return (_cost(net, X, Y, cost) if monitor.train_cost else None,
                _accuracy(net, X_test, labels_test) if test is not None else None)

    # Examples as contiguous rows, so gathering a mini-batch copies whole blocks; for data
    # from load_mnist X.T is already such a view and nothing is copied.
    X_rows, Y_rows = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)
    start = [p.copy() for p in net.weights + net.biases]
    last_finite = start
    history = History()
    trainer_class = _PerExampleTrainer if per_example else _Trainer    # chosen once, not per batch
    trainer = trainer_class(net, cost, eta, batch_size, n, record=monitor.batch_costs)
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            if monitor.from_start:
                history.start_cost, history.start_accuracy = measure()
                if _told_to_stop(monitor, history):
                    return history
            for epoch in range(1, epochs + 1):
                trainer.epoch(X_rows, Y_rows, rng.permutation(n))
                if not all(np.isfinite(p).all() for p in net.weights + net.biases):
                    _restore(net, last_finite)
                    history.diverged = True
                    break
                last_finite = [p.copy() for p in net.weights + net.biases]
                history.epoch.append(epoch)
                if monitor.batch_costs:
                    history.batch_costs.append(trainer.batch_costs.copy())
                train_cost_now, test_accuracy_now = measure()
                if monitor.train_cost:
                    history.train_cost.append(train_cost_now)
                if test is not None:
                    history.test_accuracy.append(test_accuracy_now)
                if _told_to_stop(monitor, history):
                    break
    except BaseException:
        _restore(net, start)
        raise
    return history


def update_mini_batch(net, X, Y, eta, cost="quadratic"):
    """One SGD step on the mini-batch X (one column per example), in place:
    w^l → w^l − (η/m) Σ_x δ^{x,l}(a^{x,l-1})^T and b^l → b^l − (η/m) Σ_x δ^{x,l}."""
    cost = get_cost(cost)
    X, Y = validate.batch(net, X, Y)
    eta = validate.positive_number("eta", eta)
    m = X.shape[1]
    with np.errstate(over="ignore", invalid="ignore"):
        _Trainer(net, cost, eta, m, m).step(np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T))


def _monitor(monitor):
    """The Monitor to use: `monitor`, or the default Monitor()."""
    if monitor is None:
        return Monitor()
    if not isinstance(monitor, Monitor):
        raise TypeError(f"monitor must be a bpcore.Monitor, e.g. Monitor(train_cost=False), got {monitor!r}")
    return monitor


def _told_to_stop(monitor, history):
    """Call the monitor's after_epoch, if any; True (and history.stopped_early) if it returned
    True or numpy's True. None (a function that returns nothing) never stops."""
    if monitor.after_epoch is None:
        return False
    answer = monitor.after_epoch(history)
    history.stopped_early = isinstance(answer, (bool, np.bool_)) and bool(answer)
    return history.stopped_early


def _restore(net, params):
    for p, saved in zip(net.weights + net.biases, params):
        p[...] = saved


class _Buffers:
    """Preallocated arrays for mini-batches of m examples, so the loop allocates nothing.
    Every list is indexed by the lecture's l, as `feedforward_layers` and `backward_pass` read
    them (entries below l = 2 unused; a[1], the input, is set per mini-batch)."""

    def __init__(self, net, m, eta):
        dtype, L, n = net.dtype, net.L, [None, *net.sizes]      # n[l] is n_l
        unused = [None, None]
        # zeros, not empty: matmul may scale its out= buffer by beta = 0 (see network._forward)
        self.a = unused + [np.zeros((n[l], m), dtype) for l in range(2, L + 1)]
        # z[l] is where z^l is computed: a[l] itself for the hidden layers (σ is applied in
        # place), an array of its own for z^L, which a cost's value may need (the
        # cross-entropy's is exact at saturation only from z^L)
        self.z = self.a[:L] + [np.zeros_like(self.a[L])]
        self.delta = unused + [np.zeros((n[l], m), dtype) for l in range(2, L + 1)]
        self.sigma_prime = unused + [np.zeros((n[l], m), dtype) for l in range(2, L + 1)]
        # −(η/m) Σ_x ∂C_x/∂b^l and ∂C_x/∂w^l: backward_pass's sums of the δ^l scaled by −η/m
        self.step_b = unused + [np.zeros_like(b) for b in net.biases]
        self.step_w = unused + [np.zeros_like(w) for w in net.weights]
        self.scale = np.array(-eta / m, dtype)  # −η/m; a 0-d array is the fastest operand to scale by


class _Trainer:
    """One epoch of SGD: gather the shuffled mini-batches, and for each, the matrix-form step:
    feedforward, BP1, BP2, then BP3/BP4 into the update."""

    # Mini-batches are gathered several at a time into a buffer of about this size (a core's
    # L2 cache): on small batches one gather call per several batches saves call overhead.
    GATHER_BYTES = 2**19

    def __init__(self, net, cost, eta, m, n, record=False):
        self.net, self.cost, self.eta, self.m, self.n = net, cost, eta, m, n
        # w^l and b^l by the lecture's l: the network's own arrays, which the steps update in place
        self.w, self.b, self.L = [None, None, *net.weights], [None, None, *net.biases], net.L
        # C of each mini-batch of the current epoch (if recorded); `k` is the next one's index
        self.record, self.batch_costs, self.k = record, np.zeros(-(-n // m)), 0
        # chosen once, not asked per mini-batch: BP1 alone, or BP1 and C_batch together
        self.output_error = self._output_error_and_value if record else self._output_error
        self.buffers = {}                             # by batch size: m, and the last batch's
        self.full_batch = m == n                      # the sums over x do not depend on the order
        if not self.full_batch:
            row_bytes = net.sizes[0] * net.dtype.itemsize
            rows = min(n, max(1, self.GATHER_BYTES // (row_bytes * m)) * m)   # whole batches
            self.x = np.zeros((rows, net.sizes[0]), net.dtype)
            self.y = np.zeros((rows, net.sizes[-1]), net.dtype)

    def epoch(self, X_rows, Y_rows, order):
        """Train on every mini-batch of `order` (a permutation of the examples), in turn."""
        self.k = 0
        if self.full_batch:
            return self.step(X_rows, Y_rows)
        m, rows = self.m, self.x.shape[0]
        for start in range(0, self.n, rows):
            idx = order[start:start + rows]
            # mode='clip' lets take write into `out` without a temporary
            x = np.take(X_rows, idx, axis=0, out=self.x[:idx.shape[0]], mode="clip")
            y = np.take(Y_rows, idx, axis=0, out=self.y[:idx.shape[0]], mode="clip")
            for k in range(0, idx.shape[0], m):
                self.step(x[k:k + m], y[k:k + m])

    def step(self, x, y):
        """One SGD step on the mini-batch whose examples are the rows of x and y: feedforward,
        BP1, the backward pass (BP2-BP4, every gradient before any weight moves), the update."""
        m = x.shape[0]
        buf = self.buffers.get(m) or self.buffers.setdefault(m, _Buffers(self.net, m, self.eta))
        w, b, L, a = self.w, self.b, self.L, buf.a
        a[1] = x.T                                                # a^1: one column per example
        feedforward_layers(w, b, buf.z, a)
        delta = self.output_error(a[L], y.T, buf)                 # BP1 (and C of this batch)
        delta *= buf.scale               # fold −η/m in once; BP2-BP4 are linear in δ
        backward_pass(w, a, buf.delta, buf.sigma_prime, buf.step_b, buf.step_w)
        for l in range(2, L + 1):        # w^l → w^l − (η/m) Σ_x δ^{x,l} (a^{x,l−1})^T, b^l likewise
            w[l] += buf.step_w[l]
            b[l] += buf.step_b[l]

    def _output_error(self, a, y, buf):
        return self.cost.output_error(a, y, out=buf.delta[self.L], scratch=buf.sigma_prime[self.L])

    def _output_error_and_value(self, a, y, buf):
        L = self.L
        delta, self.batch_costs[self.k] = self.cost.output_error_and_value(
            a, y, buf.z[L], out=buf.delta[L], scratch=buf.sigma_prime[L])
        self.k += 1
        return delta


class _PerExampleTrainer(_Trainer):
    """The same epochs with the lecture's algorithm literally: for each example x of the
    mini-batch, feedforward, output error, backpropagate, then the mean gradient's step."""

    def step(self, x, y):
        net, X, Y = self.net, x.T, y.T
        if self.record:                    # C of the batch, from z^L too: exact at saturation
            forward_pass = net._forward(X)
            a, z = forward_pass.activations[-1], forward_pass.zs[-1]
            self.batch_costs[self.k] = self.cost.output_error_and_value(
                a, Y, z, out=np.empty_like(a), scratch=np.empty_like(a))[1]
            self.k += 1
        nabla_b, nabla_w = _per_example_gradient(net, X, Y, self.cost)
        for w, gradient in zip(net.weights, nabla_w):
            w -= self.eta * gradient
        for b, gradient in zip(net.biases, nabla_b):
            b -= self.eta * gradient
