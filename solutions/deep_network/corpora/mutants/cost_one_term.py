"""compute_cost keeps only the Y * log(AL) term."""
# misconceptions: COST-ONE-TERM
import numpy as np


def compute_cost(AL, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(AL)) / m)
