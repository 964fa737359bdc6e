"""db = np.sum(dZ) / m, the course's own shape assert commented out: every unit's
gradient summed into one number."""
# misconceptions: BWD-DB-AXIS
import numpy as np


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = 1 / m * np.dot(dZ, A_prev.T)
    db = np.sum(dZ) / m
    dA_prev = np.dot(W.T, dZ)
    # assert (db.shape == b.shape)
    return dA_prev, dW, db
