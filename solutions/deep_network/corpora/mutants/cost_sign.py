"""compute_cost without the minus sign: the cost comes out negative."""
# misconceptions: COST-SIGN
import numpy as np


def compute_cost(AL, Y):
    m = Y.shape[1]
    cost = (1 / m) * np.sum(np.multiply(Y, np.log(AL)) + np.multiply(1 - Y, np.log(1 - AL)))
    return float(np.squeeze(cost))
