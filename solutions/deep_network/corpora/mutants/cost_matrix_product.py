"""compute_cost with np.dot(Y, log(AL).T), summed: right for one output only."""
# misconceptions: COST-MATRIX-PRODUCT
import numpy as np


def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -np.sum(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m
    return float(cost)
