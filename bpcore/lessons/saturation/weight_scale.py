"""The weight-scale study of notebook 06 (beyond the lecture; Nielsen ch. 3, "Weight
initialization"): how the scale of the hidden layer's initial weights decides how many hidden
neurons start saturated on MNIST, and what that does to a short SGD run.

Only the hidden weights vary, w^2_{jk} ~ N(0, s²/n_1); every other weight and every bias is the
reference `Network(sizes, seed, init="scaled")`, bit for bit, so nothing else changes with s.
For one image x and b^2_j ~ N(0, 1), Var(z^2_j) = s² ||x||² / n_1 + 1 (`predicted_z_spread`).
The study's live figure is `widgets.WeightScaleView`.
"""
import threading

import numpy as np

from bpcore.activations import sigmoid_prime
from bpcore.lessons.lecture.saturation import saturated_share
from bpcore.metrics import accuracy, cost_value
from bpcore.network import Network
from bpcore.sgd import sgd

__all__ = ["hidden_scaled_network", "predicted_z_spread", "ScaleResult", "WeightScaleStudy"]


def hidden_scaled_network(sizes, scale, seed=0):
    """`Network(sizes, seed, init="scaled")` with the hidden layer's weights multiplied by s:

        w^2_{jk} ~ N(0, s²/n_1),   every other weight and every bias as in the reference
                                   Network(sizes, seed, init="scaled"), bit for bit.

    s = 1 is the reference (w^l ~ N(0, 1/n_{l−1})); s = √n_1 (28 for MNIST's 784 inputs) gives
    w^2 the N(0, 1) weights of `init="standard"` (to rounding: s · (w/√n_1) may differ from w
    in the last bit), the initialisation of Nielsen's network.py, while the output layer keeps
    its N(0, 1/n_{L−1}) weights.
    """
    try:
        s = float(scale)
    except (TypeError, ValueError):
        s = float("nan")
    if not (np.isfinite(s) and s > 0):
        raise ValueError(f"scale must be a positive number (the factor s on w^2's N(0, 1/n_1) weights, "
                         f"e.g. 1 or 28), got {scale!r}")
    net = Network(sizes, seed=seed, init="scaled")
    net.weights[0] *= s
    return net


def predicted_z_spread(scale, X):
    """The standard deviation of z^2_j that w^2 ~ N(0, s²/n_1) and b^2 ~ N(0, 1) give on the
    images X (one per column), averaged over the draws: sqrt(s² · mean ||x||² / n_1 + 1)."""
    mean_square_norm = float(np.mean(np.sum(np.asarray(X, dtype=float) ** 2, axis=0)))
    return float(np.sqrt(scale ** 2 * mean_square_norm / X.shape[0] + 1))


class ScaleResult:
    """What `WeightScaleStudy` measured for one initial network.

    label : what was varied ("s = 28", ...)
    z_hidden, z_output : z^2 (n_hidden, n_images) and z^L (10, n_images) at initialisation
    hidden_saturated, output_saturated : share of saturated (neuron, image) pairs, |z| > ln 99
    mean_sigma_prime : mean of σ′(z^2) over (neuron, image) pairs
    costs : quadratic cost C on the training images before training and after each epoch
    test_accuracy : test accuracy after the last epoch
    """

    def __init__(self, label, z_hidden, z_output, costs, test_accuracy):
        self.label, self.z_hidden, self.z_output = label, z_hidden, z_output
        self.hidden_saturated = saturated_share(z_hidden)
        self.output_saturated = saturated_share(z_output)
        self.mean_sigma_prime = float(np.mean(sigmoid_prime(z_hidden)))
        self.costs, self.test_accuracy = costs, test_accuracy

    def summary(self):
        """One line of the key numbers at a precision BLAS differences cannot reach: costs to
        3 decimals (their spread across BLAS kernels is below 1e-15), saturated shares to 0.1%,
        the test accuracy exactly (a count of test images, to 0.01%)."""
        costs = ", ".join(f"{c:.3f}" for c in self.costs)
        return (f"{self.label:>7}: saturated hidden {self.hidden_saturated:5.1%}, "
                f"output {self.output_saturated:5.1%};  mean σ′(z²) {self.mean_sigma_prime:.3f};  "
                f"C per epoch {costs};  test accuracy {self.test_accuracy:.2%}")

    def __repr__(self):
        return f"<ScaleResult {self.summary()}>"


class WeightScaleStudy:
    """Scale the hidden layer's initial weights of a [784, hidden, 10] network, w^2 ~ N(0, s²/784),
    keep every other parameter as the reference `init="scaled"`, and measure: how the hidden z^2
    and the output z^3 spread on MNIST inputs, how many start saturated, and how fast a short SGD
    run (quadratic cost) brings the cost down.

    The run: `epochs` epochs of mini-batches of m = `batch_size` with η = `eta` on the first
    `n_train` training images, accuracy on the test images. Every seed is fixed; results are
    cached by s, so a slider position already visited answers at once, and `precompute(scales)`
    fills the cache in a background thread (a slider's positions, while the student reads).
    """

    def __init__(self, X, labels, X_test, labels_test, n_train=2000, hidden=30, epochs=3,
                 batch_size=10, eta=3.0, seed=0):
        self.X, self.labels = X[:, :n_train], labels[:n_train]
        self.test = (X_test, labels_test)
        self.sizes = [X.shape[0], hidden, 10]
        self.epochs, self.batch_size, self.eta, self.seed = epochs, batch_size, eta, seed
        self._cache = {}
        self._lock = threading.Lock()
        self._running = {}     # key -> Event set when the thread computing it is done

    def measure(self, net, label):
        """Measure z^2, z^3 and their saturation for `net`, train it (in place) and return a
        ScaleResult."""
        forward = net.forward(self.X)
        costs = [cost_value(net, self.X, self.labels)]
        history = sgd(net, self.X, self.labels, epochs=self.epochs, batch_size=self.batch_size,
                      eta=self.eta, seed=self.seed)
        return ScaleResult(label, forward.z(2), forward.z(3), costs + history.train_cost,
                           accuracy(net, *self.test))

    def compute(self, scale):
        """The ScaleResult for the hidden weight scale s = `scale` (cached). Safe from several
        threads: a result being computed elsewhere is waited for, not computed twice. Every
        result depends on s alone (fixed seeds), not on which thread computed it or when."""
        net = hidden_scaled_network(self.sizes, scale, seed=self.seed)   # checks scale
        key = round(float(scale), 9)
        while True:
            with self._lock:
                if key in self._cache:
                    return self._cache[key]
                running = self._running.get(key)
                if running is None:
                    self._running[key] = done = threading.Event()
                    break
            running.wait()   # then the result is cached (or that thread failed: compute it here)
        try:
            result = self.measure(net, f"s = {key:.3g}")
            with self._lock:
                self._cache[key] = result
            return result
        finally:
            with self._lock:
                del self._running[key]
            done.set()

    def precompute(self, scales):
        """Compute the results for `scales`, in this order, in a background thread (a daemon: it
        never keeps the kernel alive), so that a slider later finds them cached. Returns the
        thread. An error there is dropped: `compute` on that s then runs (and raises) itself."""
        scales = [float(s) for s in scales]
        for s in scales:
            hidden_scaled_network(self.sizes[:1] + [1, 1], s)   # a bad s fails here, in the cell

        def run():
            for s in scales:
                try:
                    self.compute(s)
                except Exception:
                    pass

        thread = threading.Thread(target=run, name="bpcore weight-scale study", daemon=True)
        thread.start()
        return thread

    def compute_standard(self):
        """For comparison: N(0, 1) weights in every layer (`init="standard"`, network.py's)."""
        return self.measure(Network(self.sizes, seed=self.seed, init="standard"), "N(0, 1)")
