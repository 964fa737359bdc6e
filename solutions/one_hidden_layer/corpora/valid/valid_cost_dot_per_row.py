"""Cost with np.dot per output unit: each row of Y dotted with the same row of log(A2)."""
# valid: compute_cost via np.dot row by row
import numpy as np


def compute_cost(A2, Y):
    m = Y.shape[1]
    cost = 0
    for k in range(Y.shape[0]):
        cost -= np.dot(Y[k], np.log(A2[k])) + np.dot(1 - Y[k], np.log(1 - A2[k]))
    cost = cost / m
    cost = float(np.squeeze(cost))
    return cost
