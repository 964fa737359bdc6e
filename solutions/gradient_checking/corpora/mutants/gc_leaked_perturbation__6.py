"""gradient_check_n on the dictionary itself, putting each entry back before moving the
next, but the last entry is left at -epsilon: every cost is right, and the caller's
network is not the one that was checked."""
# misconceptions: GC-LEAKED-PERTURBATION
import numpy as np


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    grad = gradients_to_vector(gradients)
    gradapprox = []
    previous = None
    for key in ("W1", "b1", "W2", "b2", "W3", "b3"):
        for index in np.ndindex(parameters[key].shape):
            if previous is not None:
                parameters[previous[0]][previous[1]] += epsilon
            parameters[key][index] += epsilon
            J_plus, _ = forward_propagation_n(X, Y, parameters)
            parameters[key][index] -= 2 * epsilon
            J_minus, _ = forward_propagation_n(X, Y, parameters)
            gradapprox.append((J_plus - J_minus) / (2 * epsilon))
            previous = (key, index)
    gradapprox = np.array(gradapprox, dtype=float).reshape(-1, 1)
    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad)
                                                       + np.linalg.norm(gradapprox))
    if print_msg:
        print("difference:", difference)
    return float(difference)
