"""bpcore.lessons.lecture.curvature: the Hessian's eigenvalues and 2/λ_max, measured and used the
same way by notebook 01 (one neuron) and notebook 05 (the worked example)."""
import numpy as np
import pytest

from bpcore.lessons.lecture.curvature import curvature, hessian_by_differences, step_factor

# a quadratic bowl C(θ) = θᵀ A θ / 2 + bᵀθ: its gradient is A θ + b and its Hessian exactly A
A = np.array([[3.0, 1.0, 0.0], [1.0, 2.0, 0.5], [0.0, 0.5, 1.0]])
B = np.array([0.2, -1.0, 0.4])


def test_the_hessian_of_a_bowl_is_measured_exactly_and_theta_is_put_back():
    theta = np.array([0.3, -0.7, 1.1])
    before = theta.copy()
    H = hessian_by_differences(lambda t: A @ t + B, theta)
    assert H == pytest.approx(A, abs=1e-9) and np.array_equal(H, H.T)
    assert np.array_equal(theta, before)


def test_a_non_quadratic_cost_against_its_second_derivatives_by_hand():
    # C(u, v) = e^u sin v: ∂²C/∂u² = e^u sin v, ∂²C/∂u∂v = e^u cos v, ∂²C/∂v² = −e^u sin v
    u, v = 0.4, 1.2
    H = hessian_by_differences(lambda t: np.array([np.exp(t[0]) * np.sin(t[1]), np.exp(t[0]) * np.cos(t[1])]),
                               np.array([u, v]))
    expected = np.exp(u) * np.array([[np.sin(v), np.cos(v)], [np.cos(v), -np.sin(v)]])
    assert H == pytest.approx(expected, rel=1e-8)


def test_curvature_names_the_steepest_direction_and_the_edge():
    c = curvature(A)
    eigenvalues = np.linalg.eigvalsh(A)
    assert c.eigenvalues == pytest.approx(eigenvalues)
    assert c.lambda_max == pytest.approx(eigenvalues[-1]) and c.lambda_next == pytest.approx(eigenvalues[-2])
    assert c.eta_edge == pytest.approx(2 / eigenvalues[-1])
    assert A @ c.eigenvectors[:, -1] == pytest.approx(c.lambda_max * c.eigenvectors[:, -1])


def test_a_gradient_step_multiplies_the_distance_along_an_eigenvector_by_the_step_factor():
    c = curvature(A)
    minimum = np.linalg.solve(A, -B)
    for eta in (0.5 * c.eta_edge, 0.99 * c.eta_edge, 1.01 * c.eta_edge):
        u = 1e-3 * c.eigenvectors[:, -1]
        after = (minimum + u) - eta * (A @ (minimum + u) + B)
        factor = np.linalg.norm(after - minimum) / np.linalg.norm(u)
        assert factor == pytest.approx(step_factor(eta, c.lambda_max), rel=1e-9)
        assert (factor < 1) == (eta < c.eta_edge)
    assert step_factor(1.0, [0.5, 3.0]).tolist() == [0.5, 2.0]


@pytest.mark.parametrize("H, words", [(np.ones(3), "symmetric square matrix"), (np.ones((2, 3)), "square"),
                                      ([[1.0]], "at least 2 × 2"), ([[1.0, 2.0], [0.0, 1.0]], "not symmetric")])
def test_curvature_refuses_what_is_not_a_hessian(H, words):
    with pytest.raises(ValueError, match=words):
        curvature(H)


def test_hessian_by_differences_needs_a_float_vector():
    with pytest.raises(TypeError, match="1-D float array"):
        hessian_by_differences(lambda t: t, np.array([1, 2]))
