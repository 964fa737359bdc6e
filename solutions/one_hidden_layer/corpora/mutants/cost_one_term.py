"""Only the Y*log(A2) term is kept; the (1-Y)*log(1-A2) term for the Y=0 examples is dropped."""
# misconceptions: COST-ONE-TERM
import numpy as np


def compute_cost(A2, Y):
    m = Y.shape[1]
    logprobs = np.multiply(Y, np.log(A2))
    cost = -np.sum(logprobs) / m
    return float(cost)
