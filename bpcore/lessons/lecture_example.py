"""The lecture's 2-3-2 worked example (the Backpropagation Example slides) as data.

The slides name the network's parameters w_1, w_2, b_1, b_2 and write z_2, a_2 with lower
indices; here they carry the lecture's own layer numbers l = 2, 3 (layer 1 is the input
x = a^1):

    slide w_1, b_1  ->  w^2, b^2   (shape (3, 2) and (3,))
    slide w_2, b_2  ->  w^3, b^3   (shape (2, 3) and (2,))
    slide z_2, a_2  ->  z^2, a^2,  slide z_3, a_3 -> z^3, a^3

What is computed from it lives beside it: `slide_numbers` (every printed number against
bpcore's), `worked_example_checks` (the student's own computation of it, checked),
`eta_study` and `eta_figures` (repeated gradient-descent steps on it). The Neuron Error nudge
lives in `neuron_error`; its names are also importable from here, where they used to live.
"""
from ..network import Network
from .neuron_error import cost_with_nudged_z, nudged_weighted_inputs, numerical_errors, relative_error

W2 = ((-0.81, -0.34), (-1.57, -0.03), (0.60, -0.52))   # the slide's w_1
W3 = ((0.51, 0.65, -0.74), (-1.42, -0.89, 2.02))      # the slide's w_2
B2 = (0.27, 0.87, 0.13)                                 # the slide's b_1
B3 = (0.33, 0.65)                                       # the slide's b_2
X = (1.0, 1.0)                                          # the input a^1
Y = (1.0, 1.0)                                          # the target y
COST = "quadratic"                                      # C_x = ||y − a^3||² / 2

__all__ = ["W2", "W3", "B2", "B3", "X", "Y", "COST", "network",
           "cost_with_nudged_z", "nudged_weighted_inputs", "numerical_errors", "relative_error"]


def network():
    """The 2-3-2 network of the slides: Network.from_params([w^2, w^3], [b^2, b^3])."""
    return Network.from_params([W2, W3], [B2, B3])
