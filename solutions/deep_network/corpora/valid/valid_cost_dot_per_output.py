"""compute_cost with np.dot on the flattened arrays (each output and example paired once),
returned through np.squeeze."""
# valid: np.dot of the flattened Y and log(AL)
import numpy as np


def compute_cost(AL, Y):
    m = Y.shape[1]
    y, a = Y.ravel(), AL.ravel()
    cost = -(np.dot(y, np.log(a)) + np.dot(1 - y, np.log(1 - a))) / m
    return np.squeeze(cost)
