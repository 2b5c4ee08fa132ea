"""The sigmoid neuron's activation function σ and its derivative σ′.

Both are element-wise, accept any shape, and are safe at saturation: σ(±1000) is exactly
1 and 0 and σ′(±1000) is exactly 0, with no overflow warning.
"""
import numpy as np


def sigmoid(z):
    """σ(z) = 1 / (1 + e^{-z}), element-wise.

    This form is accurate in relative terms for z >= -709. Below that e^{-z} overflows to
    inf and the result is 1/(1 + inf) = 0, where the true σ(z) < 1e-308 is at the edge of
    what float64 can hold; the overflow warning is silenced rather than avoided.
    Integer input is computed in float64, float32 input stays float32. NaN gives NaN.
    """
    z = np.asarray(z)
    if z.dtype.kind not in "fiu":
        raise TypeError(f"z must be a number or an array of numbers, got "
                        f"{type(z.item()).__name__ if z.dtype == object and z.ndim == 0 else 'dtype ' + str(z.dtype)}")
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)  # negating a small int type would wrap around
    out = np.empty(z.shape, dtype=z.dtype)
    with np.errstate(over="ignore"):
        _sigmoid_into(z, out)
    return out if out.ndim else out[()]


def sigmoid_prime(z):
    """σ′(z) = σ(z)(1 − σ(z)), element-wise; at most 1/4, reached at z = 0."""
    s = sigmoid(z)
    return sigmoid_prime_from_activation(s)


def sigmoid_prime_from_activation(a, out=None):
    """σ′(z) computed from a = σ(z) as a(1 − a): the same number as `sigmoid_prime(z)`,
    without evaluating the exponential again (backprop already has every a^l).

    Called without `out`, it checks that every a lies in [0, 1], as σ's values do: a value
    outside is a weighted input z passed by mistake. With `out` (the training loop's buffers)
    nothing is checked."""
    if out is None:
        a = np.asarray(a)
        if a.dtype.kind not in "fiu":
            raise TypeError(f"a must be an array of activations σ(z), got dtype {a.dtype}")
        if a.size and not 0 <= a.min() <= a.max() <= 1:   # two reductions, no temporary array
            outside = (a < 0) | (a > 1)                     # (NaN fails the test above, not this)
            if np.any(outside):
                raise ValueError(f"a must hold activations a = σ(z), which lie in [0, 1]; found "
                                 f"{float(a[outside].flat[0])!r}. Was it the weighted input z? "
                                 f"Then use sigmoid_prime(z)")
    out = np.subtract(_one(a), a, out=out)
    out *= a
    return out


def _sigmoid_into(z, out):
    # Four in-place ufunc calls, no temporaries; the caller silences the overflow warning.
    np.negative(z, out=out)
    np.exp(out, out=out)
    out += _one(out)
    np.reciprocal(out, out=out)
    return out


# The constant 1 as a 0-d array of the operand's float type: numpy handles it about twice as
# fast as a Python 1 (no scalar conversion per call), which counts on a mini-batch of 10.
_ONES = {np.dtype(t): np.array(1, t) for t in (np.float32, np.float64)}
for _o in _ONES.values():
    _o.flags.writeable = False


def _one(a):
    return _ONES.get(getattr(a, "dtype", None), 1)
