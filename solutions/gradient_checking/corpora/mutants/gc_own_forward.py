"""gradient_check computes the cost inline, J = theta * x, instead of calling
forward_propagation: it checks its own formula."""
# misconceptions: GC-OWN-FORWARD
import numpy as np


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    J_plus = (theta + epsilon) * x
    J_minus = (theta - epsilon) * x
    gradapprox = (J_plus - J_minus) / (2 * epsilon)
    grad = backward_propagation(x, theta)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return numerator / denominator
