"""Plain-Python references shared by the unit tests, written from the lecture, not from bpcore."""
import math

# The lecture's worked example: a 2-3-2 network, fed x = [1, 1]
W2 = [[-0.81, -0.34], [-1.57, -0.03], [0.60, -0.52]]
W3 = [[0.51, 0.65, -0.74], [-1.42, -0.89, 2.02]]
B2 = [0.27, 0.87, 0.13]
B3 = [0.33, 0.65]


def sigmoid_ref(z):
    """σ(z) in the form that never overflows: e^z/(1 + e^z) for z < 0."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def sigmoid_prime_ref(z):
    """σ′(z) = e^{-|z|} / (1 + e^{-|z|})², symmetric and overflow-free."""
    e = math.exp(-abs(z))
    return e / (1.0 + e) ** 2


def params_equal(a, b):
    """True when the networks a and b have the same sizes and exactly the same w^l and b^l."""
    import numpy as np
    return a.sizes == b.sizes and all(
        np.array_equal(p, q) for p, q in zip(a.weights + a.biases, b.weights + b.biases))


def frozen_sgd(weights, biases, X, Y, epochs, batch_size, eta, seed, cross_entropy=False):
    """bpcore.sgd's training loop as it was on 2026-12-01, frozen here so that a rewrite can be
    checked bit for bit: the same numpy operations on the same memory layouts, in the same order.

    Works on copies of `weights` and `biases` (lists of arrays, one dtype) and returns them.
    X is (n_1, n), Y (n_L, n) of that dtype. Per mini-batch of the real size m (the last may be
    smaller): feedforward in place, BP1 (quadratic: (a − y) ⊙ a(1 − a); cross-entropy: a − y),
    δ^L scaled by −η/m, then for l = L..2: BP2 into layer l−1 with w^l before it moves, then
    w^l += δ^l (a^{l−1})^T and b^l += δ^l·1.
    """
    import numpy as np
    weights = [w.copy() for w in weights]
    biases = [b.copy() for b in biases]
    dt = weights[0].dtype
    one = np.array(1, dt)
    n = X.shape[1]
    rng = np.random.default_rng(seed)
    X_rows, Y_rows = np.ascontiguousarray(X.T), np.ascontiguousarray(Y.T)
    for _ in range(epochs):
        order = rng.permutation(n)
        for k in range(0, n, batch_size):
            idx = order[k:k + batch_size]
            x = X_rows if batch_size == n else np.take(X_rows, idx, axis=0)
            y = Y_rows if batch_size == n else np.take(Y_rows, idx, axis=0)
            m = x.shape[0]
            a = x.T
            acts = []
            for w, b in zip(weights, biases):
                z = np.zeros((w.shape[0], m), dt)
                np.matmul(w, a, out=z)
                z += b
                np.negative(z, out=z)
                with np.errstate(over="ignore"):   # e^{-z} = inf gives σ = 0, the right limit
                    np.exp(z, out=z)
                z += one
                np.reciprocal(z, out=z)
                a = z
                acts.append(a)
            delta = np.subtract(a, y.T)
            if not cross_entropy:
                sp = np.subtract(one, a)
                sp *= a
                np.multiply(delta, sp, out=delta)
            delta *= np.array(-eta / m, dt)
            for i in range(len(weights) - 1, -1, -1):
                a_prev = acts[i - 1] if i else x.T
                w = weights[i]
                if i:
                    sp = np.subtract(one, a_prev)
                    sp *= a_prev
                    next_delta = np.matmul(w.T, delta)
                    next_delta *= sp
                w += np.matmul(delta, a_prev.T)
                biases[i] += np.matmul(delta, np.ones((m, 1), dt))
                if i:
                    delta = next_delta
    return weights, biases
