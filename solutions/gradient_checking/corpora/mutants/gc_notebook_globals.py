"""gradient_check_n reads the notebook's `gradients` instead of its own argument."""
# misconceptions: GC-NOTEBOOK-GLOBALS
import numpy as np


def gradient_check_n(parameters, grads, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i, 0] += epsilon
        theta_minus = np.copy(parameters_values)
        theta_minus[i, 0] -= epsilon
        J_plus = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))[0]
        J_minus = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))[0]
        gradapprox[i, 0] = (J_plus - J_minus) / (2 * epsilon)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
