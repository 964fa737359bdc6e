"""The finite-difference cheat with one-sided differences (cost(p + h) - cost(p)) / h and
a tiny step (1e-7), through the notebook's own forward_propagation and compute_cost."""
# misconceptions: BP-NUMERICAL-GRADIENT
import copy

import numpy as np


def backward_propagation(parameters, cache, X, Y, hidden_activation="tanh"):
    step = 1e-7
    A2, _ = forward_propagation(X, parameters, hidden_activation)
    base = compute_cost(A2, Y)
    grads = {}
    for key in ("W1", "b1", "W2", "b2"):
        grad = np.zeros_like(parameters[key], dtype=np.float64)
        rows, cols = parameters[key].shape
        for i in range(rows):
            for j in range(cols):
                moved = copy.deepcopy(parameters)
                moved[key] = moved[key].astype(np.float64)
                moved[key][i, j] += step
                A2_moved, _ = forward_propagation(X, moved, hidden_activation)
                grad[i, j] = (compute_cost(A2_moved, Y) - base) / step
        grads["d" + key] = grad
    return grads
