"""compute_cost sums over the examples without dividing by m."""
# misconceptions: COST-NO-MEAN
import numpy as np


def compute_cost(AL, Y):
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    return float(cost)
