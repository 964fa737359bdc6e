"""gradient_check_n moves the parameters dict's own arrays in place, +epsilon then
-2 epsilon, and never puts them back."""
# misconceptions: GC-LEAKED-PERTURBATION
import numpy as np


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    grad = gradients_to_vector(gradients)
    estimates = []
    for key in ["W1", "b1", "W2", "b2", "W3", "b3"]:
        flat = parameters[key].reshape(-1)
        for j in range(flat.size):
            flat[j] += epsilon
            J_plus, _ = forward_propagation_n(X, Y, parameters)
            flat[j] -= 2 * epsilon
            J_minus, _ = forward_propagation_n(X, Y, parameters)
            estimates.append((J_plus - J_minus) / (2 * epsilon))
    gradapprox = np.array(estimates).reshape(-1, 1)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
