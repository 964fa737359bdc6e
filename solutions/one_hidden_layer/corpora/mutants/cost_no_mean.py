"""Cost summed over the examples but not divided by m."""
# misconceptions: COST-NO-MEAN
import numpy as np


def compute_cost(A2, Y):
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    cost = -np.sum(logprobs)
    return float(cost)
