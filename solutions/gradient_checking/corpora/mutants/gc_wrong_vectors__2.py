"""gradient_check_n compares the costs J_plus and J_minus with each other, not the
gradients with their estimate."""
# misconceptions: GC-WRONG-VECTORS
import numpy as np


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, _ = dictionary_to_vector(parameters)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i, 0] += epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        theta_minus = np.copy(parameters_values)
        theta_minus[i, 0] -= epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
    numerator = np.linalg.norm(J_plus - J_minus)
    denominator = np.linalg.norm(J_plus) + np.linalg.norm(J_minus)
    return numerator / denominator
