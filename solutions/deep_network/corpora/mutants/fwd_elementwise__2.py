"""linear_forward with np.multiply in place of np.dot."""
# misconceptions: FWD-ELEMENTWISE
import numpy as np


def linear_forward(A, W, b):
    Z = np.add(np.multiply(W, A), b)
    return Z, (A, W, b)
