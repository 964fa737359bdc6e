"""The cost accumulated over the examples and output units with explicit loops and math.log."""
# valid: explicit loops over examples (and units) in compute_cost
import math


def compute_cost(A2, Y):
    n_y, m = Y.shape
    total = 0.0
    for i in range(m):
        for k in range(n_y):
            y = Y[k, i]
            a = A2[k, i]
            total += y * math.log(a) + (1 - y) * math.log(1 - a)
    cost = -total / m
    return float(cost)
