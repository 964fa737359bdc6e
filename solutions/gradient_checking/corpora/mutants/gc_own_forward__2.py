"""gradient_check_n runs a copy of the network's forward pass written into the checker
instead of calling forward_propagation_n."""
# misconceptions: GC-OWN-FORWARD
import numpy as np


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    def cost(p):
        A1 = np.maximum(0, np.dot(p["W1"], X) + p["b1"])
        A2 = np.maximum(0, np.dot(p["W2"], A1) + p["b2"])
        A3 = 1 / (1 + np.exp(-(np.dot(p["W3"], A2) + p["b3"])))
        return np.sum(-Y * np.log(A3) - (1 - Y) * np.log(1 - A3)) / X.shape[1]

    parameters_values, _ = dictionary_to_vector(parameters)
    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    gradapprox = np.zeros((num_parameters, 1))
    for i in range(num_parameters):
        theta_plus = np.copy(parameters_values)
        theta_plus[i, 0] += epsilon
        theta_minus = np.copy(parameters_values)
        theta_minus[i, 0] -= epsilon
        gradapprox[i, 0] = (cost(vector_to_dictionary(theta_plus))
                            - cost(vector_to_dictionary(theta_minus))) / (2 * epsilon)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
