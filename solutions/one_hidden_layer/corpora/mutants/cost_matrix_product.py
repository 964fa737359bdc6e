"""Cost via np.dot(Y.T, log A2): an (m, m) matrix of every pair of examples, summed, so each
label is multiplied with every example's log-probability."""
# misconceptions: COST-MATRIX-PRODUCT
import numpy as np


def compute_cost(A2, Y):
    m = Y.shape[1]
    logprobs = np.dot(Y.T, np.log(A2)) + np.dot((1 - Y).T, np.log(1 - A2))
    cost = -np.sum(logprobs) / m
    return float(cost)
