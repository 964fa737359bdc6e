"""gradient_check uses its own step, 1e-7, whatever epsilon it is given."""
# misconceptions: GC-IGNORES-EPSILON
import numpy as np


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    eps = 1e-7
    J_plus = forward_propagation(x, theta + eps)
    J_minus = forward_propagation(x, theta - eps)
    gradapprox = (J_plus - J_minus) / (2 * eps)
    grad = backward_propagation(x, theta)
    return np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad) + np.linalg.norm(gradapprox))
