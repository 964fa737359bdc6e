"""linear_backward sends the gradient back through dW instead of W: dA_prev = dW.T dZ."""
# misconceptions: BWD-DW-FOR-W
import numpy as np


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(dW.T, dZ)
    return dA_prev, dW, db
