"""The figures of notebooks 03 and 04 come with a text alternative computed from the numbers
they draw."""
import numpy as np
import pytest

import bpcore
from bpcore.lessons.backprop_algorithm import figures as algorithm_figures
from bpcore.lessons.backprop_equations import figures as equations_figures
from bpcore.lessons.kit.figures import FigureImage
from bpcore.lessons.lecture import example as lecture_example


@pytest.mark.render
def test_equation_figures_carry_their_numbers():
    net, x, y = lecture_example.network(), np.array(lecture_example.X), np.array(lecture_example.Y)
    image = equations_figures.worked_example(net, x)
    assert isinstance(image, FigureImage) and "a^2 = (0.2932, 0.3252, 0.5523)" in image.alt
    assert "δ^3_1 = -0.1054" in equations_figures.output_error(net, x, y).alt
    alt = equations_figures.hidden_error(net, x, y)
    assert "w^3_11 = 0.51 carries δ^3_1 = -0.1054" in alt.alt and "w^3_21 = -1.42" in alt.alt
    assert "w^3_13" in equations_figures.weight(net, x, y, 3, 1, 3).alt


@pytest.mark.render
def test_algorithm_figures_carry_their_numbers():
    rng = np.random.default_rng(0)
    X = rng.random((784, 20)) * (rng.random((784, 1)) > 0.2)
    net = bpcore.Network([784, 5, 10], seed=0)
    labels = rng.integers(0, 10, 20)
    _, nabla_w = bpcore.backprop(net, X, labels)
    grad = np.abs(nabla_w[0]).sum(axis=0)
    zero = X.max(axis=1) == 0
    alt = algorithm_figures.pixel_gradients(grad, X.mean(axis=1), zero).alt
    assert f"the {zero.sum()} pixels" in alt and "all sit at zero gradient" in alt
    (_, delta), forward = bpcore.deltas(net, X, labels)
    assert "on 20 images" in algorithm_figures.output_errors(forward.a(3), delta, bpcore.one_hot(labels, 10)).alt
    assert "f(20) = 0.955" in algorithm_figures.activations().alt


def test_wrong_neurons_are_refused():
    net, x, y = lecture_example.network(), np.array(lecture_example.X), np.array(lecture_example.Y)
    with pytest.raises(ValueError, match="layer 3 from 1, as in the lecture: 1..2, got 3"):
        equations_figures.output_error(net, x, y, j=3)
    with pytest.raises(ValueError, match="hidden layer"):
        equations_figures.hidden_error(net, x, y, l=3)
    with pytest.raises(ValueError, match="k counts the neurons of layer 2"):
        equations_figures.weight(net, x, y, l=3, j=1, k=4)
