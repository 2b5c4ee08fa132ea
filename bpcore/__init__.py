"""bpcore: mini-batch SGD and backpropagation with numpy, in the lecture's notation.

A batch is a matrix with one column per example; w^l is `net.weights[l-2]`, b^l is
`net.biases[l-2]` (see `bpcore.network` for the one place that maps lecture layers to lists).
"""
from .activations import sigmoid, sigmoid_prime, sigmoid_prime_from_activation
from .backprop import backprop, backprop_per_example, deltas
from .costs import CrossEntropyCost, QuadraticCost
from .equations import backpropagate_error, bias_gradient, output_error, weight_gradient
from .gradcheck import gradient_check, numerical_gradient
from .metrics import accuracy, cost_value, one_hot
from .mnist import load_mnist
from .network import ForwardPass, Network
from .sgd import History, sgd, update_mini_batch

__all__ = [
    "sigmoid", "sigmoid_prime", "sigmoid_prime_from_activation",
    "Network", "ForwardPass",
    "output_error", "backpropagate_error", "bias_gradient", "weight_gradient",
    "deltas", "backprop", "backprop_per_example",
    "QuadraticCost", "CrossEntropyCost",
    "sgd", "update_mini_batch", "History",
    "gradient_check", "numerical_gradient",
    "accuracy", "cost_value", "one_hot",
    "load_mnist",
]
