"""gradient_check_n on the dictionary itself: `params = parameters.copy()` is a new dict
holding the same arrays, so each entry's last move (-epsilon) stays in the caller's
parameters, and in every later cost."""
# misconceptions: GC-LEAKED-PERTURBATION
import numpy as np


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    grad = gradients_to_vector(gradients)
    gradapprox = []
    for key in ("W1", "b1", "W2", "b2", "W3", "b3"):
        for index in np.ndindex(parameters[key].shape):
            params = parameters.copy()
            params[key][index] += epsilon
            J_plus, _ = forward_propagation_n(X, Y, params)
            params[key][index] -= 2 * epsilon
            J_minus, _ = forward_propagation_n(X, Y, params)
            gradapprox.append((J_plus - J_minus) / (2 * epsilon))
    gradapprox = np.array(gradapprox, dtype=float).reshape(-1, 1)
    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad)
                                                       + np.linalg.norm(gradapprox))
    if print_msg:
        print("difference:", difference)
    return float(difference)
