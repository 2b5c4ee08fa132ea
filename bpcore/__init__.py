"""bpcore: mini-batch SGD and backpropagation with numpy, in the lecture's notation.

A batch is a matrix with one column per example; w^l is `net.weights[l-2]`, b^l is
`net.biases[l-2]` (see `bpcore.network` for the one place that maps lecture layers to lists).
`bpcore.validate` holds the checks of the public boundary, for code built on the core.
"""
from . import validate
from .activations import sigmoid, sigmoid_prime, sigmoid_prime_from_activation
from .backprop import backprop, backprop_per_example, deltas
from .costs import CrossEntropyCost, QuadraticCost, get_cost
from .equations import backpropagate_error, bias_gradient, output_error, weight_gradient
from .gradcheck import central_difference, gradient_check, numerical_gradient, relative_error
from .metrics import accuracy, cost_function, cost_value, one_hot
from .mnist import load_mnist
from .network import ForwardPass, Network
from .sgd import History, Monitor, sgd, update_mini_batch

__all__ = [
    "sigmoid", "sigmoid_prime", "sigmoid_prime_from_activation",
    "Network", "ForwardPass",
    "output_error", "backpropagate_error", "bias_gradient", "weight_gradient",
    "deltas", "backprop", "backprop_per_example",
    "QuadraticCost", "CrossEntropyCost", "get_cost",
    "sgd", "update_mini_batch", "History", "Monitor",
    "central_difference", "relative_error", "gradient_check", "numerical_gradient",
    "accuracy", "cost_function", "cost_value", "one_hot",
    "load_mnist", "validate",
]
