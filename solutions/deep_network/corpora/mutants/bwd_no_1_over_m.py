"""linear_backward forgets the 1/m of dW and db."""
# misconceptions: BWD-NO-1-OVER-M
import numpy as np


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    dW = np.dot(dZ, A_prev.T)
    db = np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db
