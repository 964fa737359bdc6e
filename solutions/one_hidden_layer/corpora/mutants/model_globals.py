"""compute_cost takes m from the notebook's global X (the flower data, loaded in an earlier
cell) instead of its arguments."""
# misconceptions: MODEL-GLOBALS
import numpy as np


def compute_cost(A2, Y):
    m = X.shape[1]  # number of examples
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    cost = -np.sum(logprobs) / m
    return float(cost)

