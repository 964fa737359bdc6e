"""Builds every perturbed vector at once from an identity matrix (columns theta + eps e_i),
and the costs in two list comprehensions."""
# valid: vectorised perturbations (np.eye), comprehensions instead of a loop body
import numpy as np


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    J = [forward_propagation(x, t) for t in (theta + epsilon, theta - epsilon)]
    gradapprox = np.diff(J[::-1])[0] / (2 * epsilon)
    grad = backward_propagation(x, theta)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    theta, _ = dictionary_to_vector(parameters)
    n = theta.shape[0]
    shifts = epsilon * np.eye(n)
    J_plus = np.array([forward_propagation_n(X, Y, vector_to_dictionary(theta + shifts[:, [i]]))[0]
                       for i in range(n)])
    J_minus = np.array([forward_propagation_n(X, Y, vector_to_dictionary(theta - shifts[:, [i]]))[0]
                        for i in range(n)])
    gradapprox = ((J_plus - J_minus) / (2 * epsilon)).reshape(n, 1)
    grad = gradients_to_vector(gradients)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
