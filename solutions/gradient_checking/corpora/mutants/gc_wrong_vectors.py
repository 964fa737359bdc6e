"""gradient_check_n compares the parameters with their gradient estimate instead of the
gradients with it."""
# misconceptions: GC-WRONG-VECTORS
import numpy as np


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    parameters_values, _ = dictionary_to_vector(parameters)
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
    numerator = np.linalg.norm(parameters_values - gradapprox)
    denominator = np.linalg.norm(parameters_values) + np.linalg.norm(gradapprox)
    return numerator / denominator
