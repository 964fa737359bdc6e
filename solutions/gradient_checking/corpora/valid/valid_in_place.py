"""Perturbs parameters_values in place, += eps, then -= 2 eps, then puts it back: round-off
differs from a copy's by an ulp, nothing more."""
# valid: in-place perturbation, restored after each parameter
import numpy as np


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    theta, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    gradapprox = np.zeros(theta.shape)
    for i in range(len(theta)):
        theta[i] += epsilon
        J_plus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta))
        theta[i] -= 2 * epsilon
        J_minus, _ = forward_propagation_n(X, Y, vector_to_dictionary(theta))
        theta[i] += epsilon
        gradapprox[i] = (J_plus - J_minus) / (2 * epsilon)
    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad)
                                                       + np.linalg.norm(gradapprox))
    if print_msg:
        print("difference:", difference)
    return float(difference)
