"""Mini-batch stochastic gradient descent: the lecture's "combining backprop with gradient
descent".

Each epoch shuffles the training examples with a seeded generator and splits them into
mini-batches of m examples (the last may be smaller). For each mini-batch, with m its real size:

    w^l → w^l − (η/m) Σ_x δ^{x,l} (a^{x,l-1})^T,     b^l → b^l − (η/m) Σ_x δ^{x,l}

The sums come from BP3 and BP4 over the batch's columns, so one mini-batch costs one matrix
product per layer and direction. The training loop reuses preallocated buffers and folds
−η/m into δ^L once, so the rest of backprop carries it for free (BP2 is linear in δ).

Each mini-batch's cost is recorded on the way (`History.batch_costs`): the feedforward of the
step already holds a^L for the batch's m columns, so C over the batch,

    C_batch = (1/m) Σ_x ||y(x) − a^L(x)||² / 2,

costs one dot product of the a^L − y that BP1 computes anyway, not another pass over the data.
It is measured with the weights *before* that batch's step, as the step sees them.
"""
import numpy as np

from . import validate
from .activations import sigmoid_prime_from_activation
from .backprop import backprop_per_example, backward_pass
from .costs import COSTS, get_cost
from .equations import output_error
from .metrics import _accuracy, _cost
from .network import feedforward_layers


class History:
    """What `sgd` measured after each epoch.

    Attributes
    ----------
    epoch : list of int           epochs completed, 1, 2, ...
    train_cost : list of float    C over the whole training set after each epoch: train_cost[0]
                                  is after epoch 1 (sgd records nothing before training)
    batch_costs : list of arrays  per epoch, the cost C of each mini-batch in the order trained,
                                  C_batch = (1/m) Σ_x C_x over its m examples, measured in the
                                  feedforward of its own step (weights before the step); an
                                  array of ⌈n/m⌉ floats per epoch (empty list if
                                  record_batch_costs=False)
    test_accuracy : list of float fraction of test examples classified right (if `test` given)
    diverged : bool               True if the parameters stopped being finite; the network then
                                  keeps the parameters of the last finite epoch
    stopped_early : bool          True if the callback asked to stop
    """

    def __init__(self):
        self.epoch, self.train_cost, self.test_accuracy, self.batch_costs = [], [], [], []
        self.diverged = self.stopped_early = False

    def __repr__(self):
        flags = " DIVERGED" if self.diverged else (" stopped early" if self.stopped_early else "")
        last = ""
        if self.train_cost:
            last += f", last train cost {self.train_cost[-1]:.4f}"
        if self.test_accuracy:
            last += f", test accuracy {self.test_accuracy[-1]:.4f}"
        return f"<History: {len(self.epoch)} epochs{last}{flags}>"


def sgd(net, X, Y, epochs=1, batch_size=10, eta=3.0, seed=0, test=None, callback=None,
        cost="quadratic", per_example=False, train_cost=True, record_batch_costs=True):
    """Train `net` in place by mini-batch SGD and return a `History`.

    Parameters
    ----------
    X : array (n_1, n)             training inputs, one column per example
    Y : array (n_L, n) or labels   targets, or integer class labels 0..n_L-1 (one-hot encoded)
    epochs : int >= 0
    batch_size : int in 1..n       m; batch_size = n is full-batch gradient descent
    eta : float > 0                the learning rate η
    seed : int >= 0 or Generator   seeds the shuffling: the same seed gives the same weights
    test : (X_test, labels_test)   if given, test accuracy is recorded after each epoch
    callback : callable(history)   called after each epoch; return True to stop training
    cost : 'quadratic' or 'cross-entropy'
    per_example : bool             compute each mini-batch's gradient with the per-example loop
                                   (slow; the same numbers, for comparison)
    train_cost : bool              record C over the training set after each epoch (one extra
                                   feedforward of all n examples per epoch; False skips it)
    record_batch_costs : bool      record each mini-batch's cost C_batch in `History.batch_costs`
                                   from the a^L its step computes (no extra pass over the data;
                                   with per_example=True it takes one extra feedforward per batch)

    A call that raises (bad input, an error in the callback, an interrupt) leaves `net` as it
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
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable, got {callback!r}")
    per_example = validate.boolean("per_example", per_example)
    train_cost = validate.boolean("train_cost", train_cost)
    record_batch_costs = validate.boolean("record_batch_costs", record_batch_costs)

    # Examples as contiguous rows, so gathering a mini-batch copies whole blocks; for data
    # from load_mnist X.T is already such a view and nothing is copied.
    X_rows, Y_rows = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)
    start = [p.copy() for p in net.weights + net.biases]
    last_finite = start
    history = History()
    trainer = _Trainer(net, cost, eta, batch_size, n, per_example=per_example, record=record_batch_costs)
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            for epoch in range(1, epochs + 1):
                trainer.epoch(net, X_rows, Y_rows, rng.permutation(n))
                if not all(np.isfinite(p).all() for p in net.weights + net.biases):
                    _restore(net, last_finite)
                    history.diverged = True
                    break
                last_finite = [p.copy() for p in net.weights + net.biases]
                history.epoch.append(epoch)
                if trainer.record:
                    history.batch_costs.append(trainer.batch_costs.copy())
                if train_cost:
                    history.train_cost.append(_cost(net, X, Y, cost))
                if test is not None:
                    history.test_accuracy.append(_accuracy(net, X_test, labels_test))
                if callback is not None and _wants_stop(callback(history)):
                    history.stopped_early = True
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
        _Trainer(net, cost, eta, m, m).step(net, np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T))


def _wants_stop(answer):
    # True or numpy's True stops; None (a callback that returns nothing) never does
    return isinstance(answer, (bool, np.bool_)) and bool(answer)


def _restore(net, params):
    for p, saved in zip(net.weights + net.biases, params):
        p[...] = saved


class _Buffers:
    """Preallocated arrays for mini-batches of m examples, so the loop allocates nothing.
    Every list is indexed by the lecture's l, as `feedforward_layers` and `backward_pass` read
    them (entries below l = 2 unused; a[1], the input, is set per mini-batch)."""

    def __init__(self, net, m, eta, keep_z=False):
        dtype, L, n = net.dtype, net.L, [None, *net.sizes]      # n[l] is n_l
        unused = [None, None]
        # zeros, not empty: matmul may scale its out= buffer by beta = 0 (see network._forward)
        self.a = unused + [np.zeros((n[l], m), dtype) for l in range(2, L + 1)]
        # z[l] is where z^l is computed: a[l] itself (σ is applied in place), except z^L
        # when a cost that needs it (cross-entropy, exact at saturation) is recorded
        self.z = list(self.a)
        if keep_z:
            self.z[L] = np.zeros_like(self.a[L])
        self.delta = unused + [np.zeros((n[l], m), dtype) for l in range(2, L + 1)]
        self.sigma_prime = unused + [np.zeros((n[l], m), dtype) for l in range(2, L + 1)]
        # −(η/m) Σ_x ∂C_x/∂b^l and ∂C_x/∂w^l: backward_pass's sums of the δ^l scaled by −η/m
        self.step_b = unused + [np.zeros_like(b) for b in net.biases]
        self.step_w = unused + [np.zeros_like(w) for w in net.weights]
        self.scale = np.array(-eta / m, dtype)  # −η/m; a 0-d array is the fastest operand to scale by
        self.delta_flat = self.delta[L].reshape(-1)    # a view: δ^L's buffer as one vector
        self.half_over_m = 0.5 / m                     # C_batch = Σ_x ||a^L − y||² / (2m)


class _Trainer:
    """One epoch of SGD: gather the shuffled mini-batches, and for each, the matrix-form step:
    feedforward, BP1, BP2, then BP3/BP4 into the update."""

    # Mini-batches are gathered several at a time into a buffer of about this size (a core's
    # L2 cache): on small batches one gather call per several batches saves call overhead.
    GATHER_BYTES = 2**19

    def __init__(self, net, cost, eta, m, n, per_example=False, record=False):
        self.cost, self.eta, self.m, self.n = cost, eta, m, n
        # w^l and b^l by the lecture's l: the network's own arrays, which the steps update in place
        self.w, self.b, self.L = [None, None, *net.weights], [None, None, *net.biases], net.L
        self.per_example = per_example
        self.record = record
        # C of each mini-batch of the current epoch; `k` is the next one's index
        self.batch_costs, self.k = np.zeros(-(-n // m)), 0
        self.quadratic = cost is COSTS["quadratic"]
        self.keep_z = record and not self.quadratic
        self.builtin_cost = cost in COSTS.values()   # decided once, not per mini-batch
        self.buffers = {}                             # by batch size: m, and the last batch's
        self.full_batch = m == n                      # the sums over x do not depend on the order
        if not self.full_batch:
            row_bytes = net.sizes[0] * net.dtype.itemsize
            rows = min(n, max(1, self.GATHER_BYTES // (row_bytes * m)) * m)   # whole batches
            self.x = np.zeros((rows, net.sizes[0]), net.dtype)
            self.y = np.zeros((rows, net.sizes[-1]), net.dtype)

    def epoch(self, net, X_rows, Y_rows, order):
        """Train on every mini-batch of `order` (a permutation of the examples), in turn."""
        self.k = 0
        if self.full_batch:
            return self.step(net, X_rows, Y_rows)
        m, rows = self.m, self.x.shape[0]
        for start in range(0, self.n, rows):
            idx = order[start:start + rows]
            # mode='clip' lets take write into `out` without a temporary
            x = np.take(X_rows, idx, axis=0, out=self.x[:idx.shape[0]], mode="clip")
            y = np.take(Y_rows, idx, axis=0, out=self.y[:idx.shape[0]], mode="clip")
            for k in range(0, idx.shape[0], m):
                self.step(net, x[k:k + m], y[k:k + m])

    def step(self, net, x, y):
        """One SGD step on the mini-batch whose examples are the rows of x and y: feedforward,
        BP1, the backward pass (BP2-BP4, every gradient before any weight moves), the update."""
        if self.per_example:
            if self.record:
                self._keep(_cost(net, x.T, y.T, self.cost))   # z^L too: exact at saturation
            return _per_example_step(net, x, y, self.eta, self.cost)
        m = x.shape[0]
        buf = self.buffers.get(m) or self.buffers.setdefault(m, _Buffers(net, m, self.eta, self.keep_z))
        w, b, L, a = self.w, self.b, self.L, buf.a
        a[1] = x.T                                                # a^1: one column per example
        feedforward_layers(w, b, buf.z, a)
        if self.record:                                           # BP1, and C of this batch
            delta = self.output_error_and_cost(a[L], y.T, buf)
        else:
            delta = self.output_error(a[L], y.T, out=buf.delta[L], scratch=buf.sigma_prime[L])   # BP1
        delta *= buf.scale               # fold −η/m in once; BP2-BP4 are linear in δ
        backward_pass(w, a, buf.delta, buf.sigma_prime, buf.step_b, buf.step_w)
        for l in range(2, L + 1):        # w^l → w^l − (η/m) Σ_x δ^{x,l} (a^{x,l−1})^T, b^l likewise
            w[l] += buf.step_w[l]
            b[l] += buf.step_b[l]

    def output_error_and_cost(self, a, y, buf):
        """BP1 into buf.delta[L], and C_batch = (1/m) Σ_x C_x into the epoch's record.

        Quadratic cost: δ^L = (a^L − y) ⊙ σ′(z^L) takes a^L − y first; its dot product with
        itself is Σ_x ||y(x) − a^L(x)||², so C_batch is one BLAS call away. The operations
        that make δ^L are QuadraticCost.output_error's, in its order: the same bits."""
        L = self.L
        if self.quadratic:
            diff = np.subtract(a, y, out=buf.delta[L])
            self._keep(np.dot(buf.delta_flat, buf.delta_flat) * buf.half_over_m)
            return output_error(diff, sigmoid_prime_from_activation(a, out=buf.sigma_prime[L]), out=diff)
        # other costs (cross-entropy needs z^L for an exact value at saturation): z^L was kept
        self._keep(self.cost.value(a, y, z=buf.z[L]))
        return self.output_error(a, y, out=buf.delta[L], scratch=buf.sigma_prime[L])

    def _keep(self, c):
        self.batch_costs[self.k] = c
        self.k += 1

    def output_error(self, a, y, out, scratch):
        if self.builtin_cost:
            return self.cost.output_error(a, y, out=out, scratch=scratch)
        out[...] = self.cost.output_error(a, y)  # a user's cost class need not take buffers
        return out


def _per_example_step(net, x, y, eta, cost):
    """The lecture's algorithm literally: for each example x in the mini-batch (a row here)."""
    nabla_b, nabla_w = backprop_per_example(net, x.T, y.T, cost)
    for w, gradient in zip(net.weights, nabla_w):
        w -= eta * gradient
    for b, gradient in zip(net.biases, nabla_b):
        b -= eta * gradient
