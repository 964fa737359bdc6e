"""gradient_check divides by the norm of the sum, ||grad + gradapprox||, not the sum of the
norms (the same when both have the same sign, not otherwise)."""
# misconceptions: GC-DENOMINATOR
import numpy as np


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    J_plus = forward_propagation(x, theta + epsilon)
    J_minus = forward_propagation(x, theta - epsilon)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad + gradapprox)
    return numerator / denominator
