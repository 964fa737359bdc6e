"""gradient_check divides the difference of the costs by 2 and again by 2 epsilon."""
# misconceptions: GC-HALVED-TWICE
import numpy as np


def gradient_check(x, theta, epsilon=1e-7, print_msg=False):
    J_plus = forward_propagation(x, theta + epsilon)
    J_minus = forward_propagation(x, theta - epsilon)
    gradapprox = (J_plus - J_minus) / 2 / (2 * epsilon)
    grad = backward_propagation(x, theta)
    difference = np.linalg.norm(grad - gradapprox) / (np.linalg.norm(grad)
                                                       + np.linalg.norm(gradapprox))
    return difference
