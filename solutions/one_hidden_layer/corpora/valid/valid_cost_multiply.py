"""Cost with np.multiply and an explicit 1/m factor, squeezed to a scalar (the course's style)."""
# valid: compute_cost via np.multiply and np.squeeze
import numpy as np


def compute_cost(A2, Y):
    m = Y.shape[1]
    logprobs = np.multiply(np.log(A2), Y) + np.multiply((1 - Y), np.log(1 - A2))
    cost = - 1 / m * np.sum(logprobs)
    cost = float(np.squeeze(cost))
    return cost
