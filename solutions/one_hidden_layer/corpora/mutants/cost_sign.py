"""Cost without the leading minus sign: the mean log-likelihood, which is negative."""
# misconceptions: COST-SIGN
import numpy as np


def compute_cost(A2, Y):
    m = Y.shape[1]
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    cost = 1 / m * np.sum(logprobs)
    return float(cost)
