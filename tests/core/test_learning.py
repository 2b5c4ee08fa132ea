"""End to end: the lecture's network learns the shipped MNIST subset."""
import numpy as np
import pytest

from bpcore import Network, accuracy, load_mnist, sgd

pytestmark = pytest.mark.filterwarnings("error")


def test_784_30_10_reaches_90_percent_on_the_subset():
    (X, labels), (X_test, labels_test) = load_mnist()
    net = Network([784, 30, 10], seed=0)
    h = sgd(net, X, labels, epochs=10, batch_size=10, eta=3.0, seed=0, test=(X_test, labels_test))
    assert not h.diverged and h.epoch == list(range(1, 11))
    assert h.test_accuracy[-1] == accuracy(net, X_test, labels_test)
    assert h.test_accuracy[-1] >= 0.90, h.test_accuracy
    # learning, not luck: the cost falls and the first epoch is already far above chance (10%)
    assert h.train_cost[-1] < h.train_cost[0]
    assert h.test_accuracy[0] > 0.5
    assert np.isfinite(h.train_cost).all()
