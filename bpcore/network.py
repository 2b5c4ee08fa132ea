"""A feedforward network of sigmoid neurons, in the lecture's notation.

Layers are numbered as in the lecture: l = 1 is the input layer and l = L the output layer,
so weights and biases exist for l = 2..L. Python lists start at 0, and this is the one place
that maps the two:

    weights[l - 2]  is  w^l,  shape (n_l, n_{l-1}); entry [j, k] is w^l_{jk}, from neuron k
                              of layer l-1 to neuron j of layer l
    biases[l - 2]   is  b^l,  shape (n_l, 1)
    zs[l - 2]       is  z^l   (a ForwardPass)
    activations[l - 1] is a^l (so activations[0] is the input a^1)

`Network.w(l)`, `Network.b(l)`, `ForwardPass.z(l)` and `ForwardPass.a(l)` take the lecture's l.

A batch is a matrix with one column per example, so z^l = w^l a^{l-1} + b^l is one matrix
product for the whole batch (b^l is broadcast across the columns).
"""
import numpy as np

from . import validate
from .activations import _sigmoid_into


class Network:
    """A sigmoid network with layer sizes `sizes`, e.g. [784, 30, 10].

    Parameters
    ----------
    sizes : list of int
        Neurons per layer, input layer first.
    seed : int >= 0 or numpy.random.Generator
        Seeds the initial weights and biases; the same seed gives the same network.
    init : {"standard", "scaled"}
        "standard" draws every weight and bias from N(0, 1), as in the book the lecture
        follows. "scaled" draws weights from N(0, 1/n_{l-1}) so that z^l starts with
        variance about 1 and few neurons start saturated (biases stay N(0, 1)).
    dtype : float64 (default) or float32
    """

    def __init__(self, sizes, seed=0, init="standard", dtype=np.float64):
        sizes = validate.sizes(sizes)
        dtype = validate.dtype(dtype)
        rng = validate.seed(seed)
        if not isinstance(init, str) or init not in ("standard", "scaled"):
            raise ValueError(f"init must be 'standard' or 'scaled', got {init!r}")
        self.sizes = sizes
        self.biases = [rng.standard_normal((n, 1)).astype(dtype, copy=False) for n in sizes[1:]]
        self.weights = []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            w = rng.standard_normal((n_out, n_in))
            if init == "scaled":
                w /= np.sqrt(n_in)
            self.weights.append(w.astype(dtype, copy=False))

    @classmethod
    def from_params(cls, weights, biases, dtype=np.float64):
        """A network with the given w^l and b^l, l = 2..L (copied, so the caller's arrays stay
        theirs). Biases may be given as (n_l, 1) columns or 1-D vectors of length n_l."""
        dtype = validate.dtype(dtype)
        for name, given in (("weights", weights), ("biases", biases)):
            if isinstance(given, (str, bytes, np.ndarray)) or not isinstance(given, (list, tuple)):
                raise TypeError(f"{name} must be a list with one array per layer l = 2..L, "
                                f"like [w2, w3]; got {type(given).__name__}")
        if len(weights) == 0 or len(weights) != len(biases):
            raise ValueError(
                f"from_params needs one weight matrix and one bias vector per layer l = 2..L; "
                f"got {len(weights)} weight matrices and {len(biases)} bias vectors")
        weights = [validate._numeric(f"w^{i + 2} (weights[{i}])", w).astype(dtype) for i, w in enumerate(weights)]
        biases = [validate._numeric(f"b^{i + 2} (biases[{i}])", b).astype(dtype) for i, b in enumerate(biases)]
        for i, (w, b) in enumerate(zip(weights, biases)):
            l = i + 2
            if w.ndim != 2:
                raise ValueError(f"w^{l} (weights[{i}]) must be 2-D, shape (n_{l}, n_{l - 1}); got shape {w.shape}")
            if b.ndim == 1:
                biases[i] = b = b.reshape(-1, 1)
            if b.shape != (w.shape[0], 1):
                raise ValueError(
                    f"b^{l} (biases[{i}]) must have one entry per row of w^{l}, shape ({w.shape[0]}, 1); "
                    f"got shape {b.shape}")
            if i and w.shape[1] != weights[i - 1].shape[0]:
                raise ValueError(
                    f"the layers do not chain: w^{l} (weights[{i}]) has shape {w.shape}, so it expects "
                    f"{w.shape[1]} neurons in layer {l - 1}, but w^{l - 1} has {weights[i - 1].shape[0]} rows")
            if w.size == 0:
                raise ValueError(f"w^{l} (weights[{i}]) has no entries (shape {w.shape}): every layer needs a neuron")
            if not (np.all(np.isfinite(w)) and np.all(np.isfinite(b))):
                raise ValueError(f"w^{l} or b^{l} contains NaN or infinite values")
        net = cls.__new__(cls)
        net.sizes = [weights[0].shape[1]] + [w.shape[0] for w in weights]
        net.weights, net.biases = weights, biases
        return net

    # --- the lecture's layer numbering -------------------------------------------------
    @property
    def L(self):
        """The number of layers, input layer included (the lecture's L)."""
        return len(self.sizes)

    @property
    def dtype(self):
        return self.weights[0].dtype

    def w(self, l):
        """w^l, the weights into layer l (l = 2..L)."""
        return self.weights[validate.layer(l, 2, self.L) - 2]

    def b(self, l):
        """b^l, the biases of layer l (l = 2..L)."""
        return self.biases[validate.layer(l, 2, self.L) - 2]

    # --- feedforward -------------------------------------------------------------------
    def feedforward(self, X):
        """a^L for a batch X of shape (n_1, m), one column per example: shape (n_L, m).
        A 1-D X is one example and gives a 1-D a^L."""
        X = validate._numeric("X", X)
        a = self._forward(validate._inputs(self, X, "X")).activations[-1]
        return a[:, 0] if X.ndim == 1 else a

    def forward(self, X):
        """Every z^l and a^l for the batch X: a ForwardPass.

        For l = 2..L: z^l = w^l a^{l-1} + b^l and a^l = σ(z^l), one matrix product per layer.
        """
        return self._forward(validate.inputs(self, X))

    def _forward(self, X):
        # the same pass without input checks, for callers that checked X once already
        m, dtype = X.shape[1], self.dtype
        # zeros, not empty: a BLAS may scale an out= buffer by beta = 0 before adding the
        # product, and 0 x (NaN left in uninitialised memory) raises "invalid value"
        z = [None, None] + [np.zeros((n, m), dtype) for n in self.sizes[1:]]
        a = [None, X] + [np.zeros((n, m), dtype) for n in self.sizes[1:]]
        with np.errstate(over="ignore"):  # σ's e^{-z} may overflow to inf: the right limit
            feedforward_layers([None, None, *self.weights], [None, None, *self.biases], z, a)
        return ForwardPass(z[2:], a[1:])

    def copy(self):
        """An independent copy (same parameters, no shared arrays)."""
        return Network.from_params(self.weights, self.biases, dtype=self.dtype)

    def __repr__(self):
        return f"Network({self.sizes}, dtype={self.dtype})"


def feedforward_layers(w, b, z, a):
    """The forward pass, in the lecture's l: for l = 2..L,

        z^l = w^l a^{l-1} + b^l,    a^l = σ(z^l),

    into the given arrays. Every list is indexed by l (entries below l = 2 unused): w[l] is w^l,
    b[l] is b^l, z[l] receives z^l and a[l] receives a^l; a[1] holds the input a^1. z[l] may be
    a[l] itself, and then σ is applied in place. Nothing is checked (callers check X once), and
    the caller silences numpy's overflow warning (σ's e^{-z} may overflow to inf: the right
    limit) once around all its passes, which costs less than doing it here per mini-batch.
    """
    for l in range(2, len(a)):
        np.matmul(w[l], a[l - 1], out=z[l])
        z[l] += b[l]
        _sigmoid_into(z[l], a[l])


class ForwardPass:
    """The z^l and a^l of one batch. zs[l-2] is z^l, activations[l-1] is a^l; or use
    `.z(l)` and `.a(l)` with the lecture's l."""

    def __init__(self, zs, activations):
        self.zs, self.activations = zs, activations

    @property
    def L(self):
        return len(self.activations)

    def z(self, l):
        """z^l, the weighted inputs of layer l (l = 2..L)."""
        return self.zs[validate.layer(l, 2, self.L, what="l for z^l") - 2]

    def a(self, l):
        """a^l, the activations of layer l (l = 1..L; a^1 is the input)."""
        return self.activations[validate.layer(l, 1, self.L, what="l for a^l") - 1]
