"""The hidden tests' checks: one function per graded part of the three assignments, each naming
the natural slips of that part. A check returns quietly or raises `Slip`.

    assignment 1, feedforward     sigmoid, layer, feedforward
    assignment 2, backprop        bp1, bp2, bias_gradient, weight_gradient, backprop,
                                  numerical_gradient
    assignment 3, sgd             update_mini_batch, sgd, training

The right answers come from bpcore on inputs drawn now; the slips' answers are the same math
with the one mistake made (the `_forward`, `_backprop` and `_step` variants below).
"""
import numpy as np

import bpcore
from . import Slip, call, close, fresh_rng, judge, sizes

MATMUL = "no transpose belongs there"


def _sigma(z):
    return 1.0 / (1.0 + np.exp(-z))


def _params(rng, shape):
    """w^l, b^l for layer sizes `shape`, one column per example as everywhere."""
    weights = [rng.normal(size=(n, k)) for k, n in zip(shape[:-1], shape[1:])]
    return weights, [rng.normal(size=(n, 1)) for n in shape[1:]]


def _forward(weights, biases, X, bias=True):
    zs, activations = [], [X]
    for w, b in zip(weights, biases):
        zs.append(w @ activations[-1] + (b if bias else 0))
        activations.append(_sigma(zs[-1]))
    return zs, activations


def _pair(name, result, what):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Slip(f"{name} should return a pair {what}; got {type(result).__name__}")
    return result


# --- assignment 1: feedforward ----------------------------------------------------------------

def sigmoid(func):
    rng = fresh_rng()
    z = rng.uniform(-6, 6, size=tuple(sizes(rng, 2, 3, 12)))
    s = bpcore.sigmoid(z)
    judge("sigmoid(z)", call("sigmoid", func, z), s, [
        (_sigma(-z), "this is σ(−z) = 1 − σ(z): the exponent is −z, σ(z) = 1/(1 + e^(−z))"),
        (s * (1 - s), "this is σ′(z) = σ(z)(1 − σ(z)), the derivative; σ(z) itself is 1/(1 + e^(−z))"),
        (1 / (1 - np.exp(-z)), "the denominator is 1 + e^(−z), not 1 − e^(−z)"),
        (np.exp(-z), "e^(−z) alone: σ(z) = 1/(1 + e^(−z))")])


def layer(func):
    rng = fresh_rng()
    n_prev, n, m = sizes(rng, 3, 2, 12)
    w, b, a_prev = rng.normal(size=(n, n_prev)), rng.normal(size=(n, 1)), rng.uniform(size=(n_prev, m))
    z = w @ a_prev + b
    a = bpcore.sigmoid(z)
    hint = (f"The shapes must chain: w^l is (n_l, n_(l-1)) = {w.shape} and a^(l-1) is (n_(l-1), m) = "
            f"{a_prev.shape}, so z^l = w @ a_prev + b; {MATMUL}")
    got_z, got_a = _pair("layer(w, b, a_prev)", call("layer", func, w, b, a_prev, hint=hint), "(z, a)")
    judge("layer's z", got_z, z, [
        (w @ a_prev, "the bias is missing: z^l = w^l a^(l-1) + b^l, b^l added to every column"),
        (w @ a_prev - b, "the bias is subtracted: z^l = w^l a^(l-1) + b^l"),
        (a, "this is σ(z^l), the activation; z^l is the weighted input before σ"),
        (z.T, f"a transpose: this is (a^(l-1))ᵀ (w^l)ᵀ, one row per example; z^l = w^l a^(l-1) keeps one "
              f"column per example, shape {z.shape}")])
    judge("layer's a", got_a, a, [
        (z, "σ is missing: a^l = σ(z^l)"),
        (bpcore.sigmoid(w @ a_prev), "a^l = σ(w^l a^(l-1)) misses the bias b^l"),
        (bpcore.sigmoid(a), "σ applied twice: a^l = σ(z^l)"),
        (a * (1 - a), "this is σ′(z^l); the activation is σ(z^l)"),
        (a.T, "a transpose: a^l has one column per example")])


def feedforward(func):
    rng = fresh_rng()
    shape = sizes(rng, 4, 2, 10)
    m = int(rng.integers(10, 14))
    weights, biases = _params(rng, shape)
    X = rng.uniform(size=(shape[0], m))
    net = bpcore.Network.from_params(weights, biases)
    fp = net.forward(X)
    hint = ("The shapes do not chain: layer l takes a^(l-1), the previous layer's output (the loop's a), "
            f"with w^l = weights[l-2] of shape (n_l, n_(l-1)); {MATMUL}")
    judge("feedforward(weights, biases, X)", call("feedforward", func, weights, biases, X, hint=hint), fp.a(net.L), [
        (fp.a(net.L - 1), "this is a^(L-1), the layer before the output: a wrong layer, the loop stops one "
                          "layer early; it runs over every w^l, l = 2..L"),
        (fp.a(2), "this is a^2: only the first layer was computed; each layer's a^l feeds the next"),
        (fp.z(net.L), "this is z^L: apply σ at the output layer too, a^L = σ(z^L)"),
        (_forward(weights, biases, X, bias=False)[1][-1], "the biases are missing: z^l = w^l a^(l-1) + b^l"),
        (fp.a(net.L).T, "a transpose: a^L has one column per example")])


# --- assignment 2: backprop ------------------------------------------------------------------

SIGMA_PRIME_OF_A = ("σ′(a) where σ′(z) belongs: σ′ takes the weighted input, σ′(z) = σ(z)(1 − σ(z)), "
                    "which is a(1 − a), not σ(a)(1 − σ(a))")


def bp1(func):
    rng = fresh_rng()
    n, m = sizes(rng, 2, 3, 12)
    z, y = rng.normal(0, 2, size=(n, m)), rng.uniform(size=(n, m))
    a = bpcore.sigmoid(z)
    sp = bpcore.sigmoid_prime(z)
    judge("bp1(a, y, z)", call("bp1", func, a, y, z), bpcore.output_error(a - y, sp), [
        ((a - y) * bpcore.sigmoid_prime(a), "BP1 with " + SIGMA_PRIME_OF_A),
        (a - y, "σ′(z^L) is missing: δ^L = (a^L − y) ⊙ σ′(z^L)"),
        ((y - a) * sp, "the sign: ∇_a C = a^L − y for C = ½‖y − a^L‖², so δ^L = (a^L − y) ⊙ σ′(z^L)"),
        ((a - y) * z * (1 - z), "z(1 − z) is not σ′(z); σ′(z) = σ(z)(1 − σ(z)) = a(1 − a)"),
        ((a - y) * a, "σ(z) where σ′(z) belongs")])


def bp2(func):
    rng = fresh_rng()
    n_next, n, m = sizes(rng, 3, 2, 12)
    w, d, z = rng.normal(size=(n_next, n)), rng.normal(size=(n_next, m)), rng.normal(0, 2, size=(n, m))
    back, sp = w.T @ d, bpcore.sigmoid_prime(z)
    right = bpcore.backpropagate_error(w, d, sp)
    hint = (f"BP2 moves the error back with the transpose: w^(l+1) is {w.shape} and δ^(l+1) is {d.shape}, so "
            f"(w^(l+1))ᵀ δ^(l+1) = w_next.T @ delta_next: w where wᵀ belongs?")
    judge("bp2(w_next, delta_next, z)", call("bp2", func, w, d, z, hint=hint), right, [
        (back * bpcore.sigmoid_prime(bpcore.sigmoid(z)), "BP2 with " + SIGMA_PRIME_OF_A),
        (back, "σ′(z^l) is missing: δ^l = ((w^(l+1))ᵀ δ^(l+1)) ⊙ σ′(z^l)"),
        (back * bpcore.sigmoid(z), "σ(z^l) where σ′(z^l) belongs"),
        (right.T, "a transpose: (δ^(l+1))ᵀ w^(l+1) gives one row per example; keep (w^(l+1))ᵀ δ^(l+1)")])


def bias_gradient(func):
    rng = fresh_rng()
    n, m = sizes(rng, 2, 3, 12)
    d = rng.normal(size=(n, m))
    right = bpcore.bias_gradient(d) / m
    judge("bias_gradient(delta)", call("bias_gradient", func, d), right, [
        (right * m, f"the sum Σ_x δ^x where the mean belongs: C = (1/m) Σ_x C_x, so divide by m = {m}"),
        (right * m / n, f"divided by delta.shape[0] = n_l = {n}, the neurons; m = delta.shape[1] = {m} is the "
                        f"number of examples: n where m belongs"),
        (right[:, 0], f"the numbers are right, the shape is not: ∂C/∂b^l has the shape of b^l, ({n}, 1); "
                      f"keepdims=True"),
        (d.mean(axis=0), "the mean over the wrong axis: the examples are the columns, axis=1"),
        (d.mean(axis=0, keepdims=True), "the mean over the wrong axis: the examples are the columns, axis=1"),
        (d, "δ itself: BP3 for a batch averages δ^x over the columns")])


def weight_gradient(func):
    rng = fresh_rng()
    n, n_prev, m = sizes(rng, 3, 2, 12)
    d, a = rng.normal(size=(n, m)), rng.uniform(size=(n_prev, m))
    right = bpcore.weight_gradient(d, a) / m
    hint = f"δ^l is {d.shape} and a^(l-1) is {a.shape}: the product is δ (a^(l-1))ᵀ = delta @ a_prev.T / m"
    judge("weight_gradient(delta, a_prev)", call("weight_gradient", func, d, a, hint=hint), right, [
        (right * m, f"the sum Σ_x δ^x (a^x)ᵀ where the mean belongs: divide by m = {m}"),
        (right.T, f"a δᵀ where δ aᵀ belongs: ∂C/∂w^l has the shape of w^l, (n_l, n_(l-1)) = {right.shape}"),
        (right.T * m, "a δᵀ where δ aᵀ belongs, and a sum where the mean belongs"),
        (right * m / n, f"n where m belongs: divided by delta.shape[0] = n_l = {n}, the neurons; m = "
                        f"delta.shape[1] = {m} is the number of examples"),
        (d @ (a * (1 - a)).T / m, "BP4 has no σ′: ∂C/∂w^l_jk = a^(l-1)_k δ^l_j")])


def _backprop(weights, biases, X, Y, slip=None):
    """The gradient of the mean quadratic cost, or what the slip named `slip` makes of it."""
    zs, acts = _forward(weights, biases, X)
    m = X.shape[1]

    def sp(z, a):
        return {"sigma_prime_of_a": _sigma(a) * (1 - _sigma(a)), "no_sigma_prime": 1.0}.get(slip, a * (1 - a))
    delta = ((Y - acts[-1]) if slip == "sign" else (acts[-1] - Y)) * sp(zs[-1], acts[-1])
    nabla_b, nabla_w = [None] * len(weights), [None] * len(weights)
    for i in range(len(weights) - 1, -1, -1):
        scale = 1.0 if slip == "sum" else 1.0 / m
        nabla_b[i] = np.zeros_like(biases[i]) if slip == "no_bias" else delta.sum(axis=1, keepdims=True) * scale
        nabla_w[i] = delta @ acts[i].T * scale
        if i:
            delta = (weights[i].T @ delta) * sp(zs[i - 1], acts[i])
    return nabla_b, nabla_w


BACKPROP_SLIPS = {
    "sum": "a sum where the mean belongs: ∂C/∂w^l = (1/m) Σ_x δ^x (a^x)ᵀ, divide by m",
    "sigma_prime_of_a": SIGMA_PRIME_OF_A,
    "no_sigma_prime": "σ′ is missing in BP1 and BP2",
    "sign": "the sign: δ^L = (a^L − y) ⊙ σ′(z^L), gradient descent then steps against it",
    "no_bias": "the bias gradients are zero: BP3, ∂C/∂b^l = δ^l, averaged over the batch",
}


def _same_lists(got, right):
    return (isinstance(got, (list, tuple)) and len(got) == len(right)
            and all(close(g, r) for g, r in zip(got, right)))


def backprop(func):
    rng = fresh_rng()
    shape, m = sizes(rng, 4, 2, 10), int(rng.integers(10, 14))
    weights, biases = _params(rng, shape)
    X, Y = rng.uniform(size=(shape[0], m)), rng.uniform(size=(shape[-1], m))
    hint = ("The shapes do not chain; is it a wrong layer? BP2 takes w^(l+1) (weights[l-1]) and BP4 "
            "a^(l-1), the layer below")
    got_b, got_w = _pair("backprop", call("backprop", func, weights, biases, X, Y, hint=hint), "(nabla_b, nabla_w)")
    right_b, right_w = bpcore.backprop(bpcore.Network.from_params(weights, biases), X, Y)
    if _same_lists(got_b, right_b) and _same_lists(got_w, right_w):
        return
    for slip, why in BACKPROP_SLIPS.items():
        slip_b, slip_w = _backprop(weights, biases, X, Y, slip)
        if _same_lists(got_b, slip_b) and _same_lists(got_w, slip_w):
            raise Slip(f"backprop: {why}")
    for name, got, right in (("nabla_w", got_w, right_w), ("nabla_b", got_b, right_b)):
        if not isinstance(got, (list, tuple)) or len(got) != len(right):
            raise Slip(f"backprop's {name} should be a list of {len(right)} arrays, one per layer l = 2..L")
        for i in range(len(right) - 1, -1, -1):   # from the output layer down
            judge(f"backprop's {name}[{i}] (layer l = {i + 2}; the layers above it are right, so look at "
                  f"the step from l = {i + 3} to l = {i + 2})" if i < len(right) - 1 else
                  f"backprop's {name}[{i}] (the output layer)", got[i], right[i], [
                      (right[i] * m, "a sum where the mean belongs: divide by m"),
                      (right[i].T, "a δᵀ where δ aᵀ belongs")])


def numerical_gradient(func):
    rng = fresh_rng()
    p = rng.normal(size=tuple(sizes(rng, 2, 2, 6)))
    c = rng.uniform(0.5, 1.5, size=p.shape)
    eps = 1e-3

    def C():
        return float(np.sum(c * p ** 3 + np.sin(p)))
    start = p.copy()
    got = call("numerical_gradient", func, C, p, eps, copies=False)
    if not np.array_equal(p, start):
        raise Slip("numerical_gradient leaves p changed: put each entry back after its two nudges, p[i] = old, "
                   "or every later difference is taken at a moved point")
    right, forward = np.zeros_like(p), np.zeros_like(p)
    c0 = C()
    for index in np.ndindex(p.shape):
        right[index] = bpcore.central_difference(C, p, index, eps)
        p[index] += eps
        forward[index] = (C() - c0) / eps
        p[index] -= eps
    p[...] = start
    judge("numerical_gradient(C, p, eps)", got, right, [
        (forward, "a forward difference (C(p + ε) − C(p))/ε, error of order ε; the central difference "
                  "(C(p + ε) − C(p − ε))/2ε is accurate to order ε²"),
        (2 * right, "divided by ε where 2ε belongs: p + ε and p − ε are 2ε apart"),
        (right / 2, "divided by 4ε or twice by 2: (C(p + ε) − C(p − ε))/2ε")])


# --- assignment 3: sgd -----------------------------------------------------------------------

def gradient_sums(weights, biases, X, Y):
    """Σ_x ∇C_x over the batch's columns (BP3, BP4 summed): what the checks hand the student's
    update_mini_batch. Plain numpy, so it runs while bpcore is switched off."""
    nabla_b, nabla_w = _backprop(weights, biases, X, Y)
    m = X.shape[1]
    return [g * m for g in nabla_b], [g * m for g in nabla_w]


def _step(weights, biases, X, Y, eta, scale=None, sign=-1.0, do_w=True, do_b=True):
    sums_b, sums_w = gradient_sums(weights, biases, X, Y)
    k = eta / X.shape[1] if scale is None else scale
    new_w = [w + sign * k * g if do_w else w for w, g in zip(weights, sums_w)]
    new_b = [b + sign * k * g if do_b else b for b, g in zip(biases, sums_b)]
    return new_w, new_b


def update_mini_batch(func):
    rng = fresh_rng()
    shape, m = sizes(rng, 3, 3, 12), int(rng.integers(13, 20))
    weights, biases = _params(rng, shape)
    X, Y = rng.uniform(size=(shape[0], m)), rng.uniform(size=(shape[-1], m))
    eta = float(rng.uniform(0.5, 3.0))
    got_w, got_b = _pair("update_mini_batch", call("update_mini_batch", func, weights, biases, X, Y, eta,
                                                   gradient_sums), "(weights, biases)")
    net = bpcore.Network.from_params(weights, biases)
    bpcore.update_mini_batch(net, X, Y, eta)
    if _same_lists(got_w, net.weights) and _same_lists(got_b, net.biases):
        return
    slips = [
        (dict(scale=eta), f"η times the sum Σ_x ∇C_x where the mean belongs: w → w − (η/m) Σ_x ∇C_x, m = {m}"),
        (dict(scale=eta / shape[0]), f"divided by X.shape[0] = {shape[0]}, the inputs per example; the batch's "
                                     f"m = X.shape[1] = {m} examples are its columns: n where m belongs"),
        (dict(scale=eta / m ** 2), "divided by m twice: (η/m) Σ_x ∇C_x divides the sum once"),
        (dict(sign=1.0), "the sign: gradient descent steps against the gradient, w → w − (η/m) Σ_x ∇C_x"),
        (dict(do_b=False), "the biases are not updated: b → b − (η/m) Σ_x δ^x too"),
        (dict(do_w=False), "the weights are not updated, only the biases")]
    for change, why in slips:
        slip_w, slip_b = _step(weights, biases, X, Y, eta, **change)
        if _same_lists(got_w, slip_w) and _same_lists(got_b, slip_b):
            raise Slip(f"update_mini_batch: {why}")
    raise Slip("update_mini_batch: wrong weights or biases, and not a slip these tests know; "
               "the rule is w^l → w^l − (η/m) Σ_x ∂C_x/∂w^l and b^l → b^l − (η/m) Σ_x ∂C_x/∂b^l")


def sgd(func):
    rng = fresh_rng()
    n, m, epochs = int(rng.integers(21, 30)), int(rng.integers(4, 7)), 3
    if n % m == 0:
        n += 1                                          # a last, smaller mini-batch
    shape = [4, 3, 2]
    weights, biases = _params(rng, shape)
    X = np.vstack([np.arange(n, dtype=float), rng.uniform(size=(shape[0] - 1, n))])   # row 0: the example's id
    Y = np.vstack([np.arange(n, dtype=float) + 0.5, rng.uniform(size=(shape[-1] - 1, n))])
    batches, state = [], {}

    def recorder(w, b, Xb, Yb, eta, gradient):
        batches.append((np.array(Xb, dtype=float), np.array(Yb, dtype=float)))
        state["last"] = _step(w, b, Xb, Yb, eta)
        return state["last"]
    g = getattr(func, "__globals__", {})
    saved = g.get("update_mini_batch")
    g["update_mini_batch"] = recorder
    try:
        result = call("sgd", func, weights, biases, X, Y, epochs, m, 0.5, gradient_sums, np.random.default_rng(7))
    finally:
        g["update_mini_batch"] = saved
    _check_batches(batches, X, n, m, epochs)
    got_w, got_b = _pair("sgd", result, "(weights, biases)")
    if not (_same_lists(got_w, state["last"][0]) and _same_lists(got_b, state["last"][1])):
        raise Slip("sgd does not return the weights and biases of its last update_mini_batch: keep what each "
                   "update returns, weights, biases = update_mini_batch(...)")


def _check_batches(batches, X, n, m, epochs):
    per_epoch = -(-n // m)
    if not batches:
        raise Slip("sgd never calls update_mini_batch: one call per mini-batch")
    if any(Xb.shape[0] != X.shape[0] for Xb, _ in batches):
        raise Slip(f"sgd cuts rows where it should cut columns: X[k:k+m] takes inputs, X[:, idx] takes examples "
                   f"(one column each); a mini-batch has shape ({X.shape[0]}, m)")
    sizes_seen = [Xb.shape[1] for Xb, _ in batches]
    if any(not np.array_equal(Xb[0], Yb[0] - 0.5) for Xb, Yb in batches):
        raise Slip("X and Y are not shuffled together: each column of X must keep its own target; index both "
                   "with the same permutation, X[:, idx] and Y[:, idx]")
    if len(batches) != epochs * per_epoch:
        if len(batches) == epochs * (n // m):
            raise Slip(f"the last, smaller mini-batch is dropped: with n = {n} and m = {m} an epoch has ⌈n/m⌉ = "
                       f"{per_epoch} mini-batches; range(0, n, m) keeps every example")
        if len(batches) == epochs:
            raise Slip("one update per epoch: that is gradient descent on the whole batch; SGD updates once per "
                       "mini-batch of m examples")
        raise Slip(f"{len(batches)} updates for {epochs} epochs of n = {n} examples in mini-batches of m = {m}; "
                   f"expected {epochs} × ⌈n/m⌉ = {epochs * per_epoch}")
    orders = []
    for e in range(epochs):
        ids = np.concatenate([Xb[0] for Xb, _ in batches[e * per_epoch:(e + 1) * per_epoch]]).astype(int)
        if sorted(ids.tolist()) != list(range(n)):
            raise Slip("an epoch does not use every example exactly once: shuffle the indices "
                       "(rng.permutation(n)) and cut them into mini-batches, rather than drawing examples at random")
        orders.append(ids.tolist())
    if max(sizes_seen[:per_epoch - 1]) != m or min(sizes_seen[:per_epoch - 1]) != m:
        raise Slip(f"mini-batches of {sorted(set(sizes_seen))} examples; m = {m}")
    if any(order == list(range(n)) for order in orders):
        raise Slip("the examples are not shuffled: each epoch visits them in a new random order (rng.permutation)")
    if all(order == orders[0] for order in orders):
        raise Slip("the same order every epoch: shuffle inside the loop over epochs")


TRAINING_LIMITS = {"ETA": (0.01, 10.0), "M": (1, 100), "EPOCHS": (1, 10), "HIDDEN": (10, 100)}


def training(sgd_func, ETA, M, EPOCHS, HIDDEN, required=0.90):
    """Train [784, HIDDEN, 10] on the shipped MNIST with the student's sgd (and the exact gradient)
    for the student's η, m and epochs; the test accuracy must reach `required`."""
    for name, value in (("ETA", ETA), ("M", M), ("EPOCHS", EPOCHS), ("HIDDEN", HIDDEN)):
        low, high = TRAINING_LIMITS[name]
        if not isinstance(value, (int, float, np.number)) or not low <= value <= high:
            raise Slip(f"{name} = {value!r}; these tests train with {low} <= {name} <= {high}")
    (X, labels), (X_test, labels_test) = bpcore.load_mnist()
    Y = np.eye(10)[labels].T
    rng = fresh_rng()
    weights = [rng.normal(size=(int(HIDDEN), 784)) / np.sqrt(784), rng.normal(size=(10, int(HIDDEN))) / np.sqrt(HIDDEN)]
    biases = [rng.normal(size=(int(HIDDEN), 1)), rng.normal(size=(10, 1))]
    weights, biases = _pair("sgd", call("sgd", sgd_func, weights, biases, X, Y, int(EPOCHS), int(M), float(ETA),
                                        gradient_sums, rng, copies=False), "(weights, biases)")
    output = _forward([np.asarray(w, float) for w in weights], [np.asarray(b, float) for b in biases], X_test)[1][-1]
    accuracy = float(np.mean(np.argmax(output, axis=0) == labels_test))
    if not accuracy >= required:
        why = (" (about one in ten, a guess: is the step's sign right, do X and Y stay paired?)"
               if accuracy < 0.2 else "; try more epochs or another η")
        raise Slip(f"your sgd with η = {ETA}, m = {M}, {EPOCHS} epochs and {HIDDEN} hidden neurons reached "
                   f"{accuracy:.1%} test accuracy in the tests' run; {required:.0%} is needed{why}")
