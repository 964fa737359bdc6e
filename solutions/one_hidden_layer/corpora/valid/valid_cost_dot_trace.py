"""Cost with matrix products done the right way round: np.dot(Y, log(A2).T) is (n_y, n_y) and its
trace sums each example's own term once."""
# valid: compute_cost via the trace of np.dot(Y, log(A2).T)
import numpy as np


def compute_cost(A2, Y):
    m = Y.shape[1]
    cost = -(np.trace(np.dot(Y, np.log(A2).T)) + np.trace(np.dot(1 - Y, np.log(1 - A2).T))) / m
    return float(cost)
