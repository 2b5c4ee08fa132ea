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
