"""Copies with copy.deepcopy of the parameters dict, perturbing its arrays directly (no
vector), and np.abs for the one-parameter norms."""
# valid: copy.deepcopy of the dict instead of np.copy of a vector
import copy

import numpy as np


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    J_plus = forward_propagation(x, theta + epsilon)
    J_minus = forward_propagation(x, theta - epsilon)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    difference = abs(grad - gradapprox) / (abs(grad) + abs(gradapprox))
    if print_msg:
        print("gradient is", "wrong" if difference > 2e-7 else "right", difference)
    return difference


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):
    grads, approx = [], []
    for key in ["W1", "b1", "W2", "b2", "W3", "b3"]:
        for index in np.ndindex(parameters[key].shape):
            plus = copy.deepcopy(parameters)
            plus[key][index] += epsilon
            minus = copy.deepcopy(parameters)
            minus[key][index] -= epsilon
            J_plus = forward_propagation_n(X, Y, plus)[0]
            J_minus = forward_propagation_n(X, Y, minus)[0]
            approx.append((J_plus - J_minus) / (2 * epsilon))
            grads.append(gradients["d" + key][index])
    grad, gradapprox = np.array(grads), np.array(approx)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
