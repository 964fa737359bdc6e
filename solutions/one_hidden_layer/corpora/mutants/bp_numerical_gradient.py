"""No backpropagation at all: every gradient is estimated by centred finite differences of
the cost, run through the student's own forward_propagation and compute_cost. It matches
the reference on every consistent problem, so value checks alone gave it full marks."""
# misconceptions: BP-NUMERICAL-GRADIENT
import numpy as np


def backward_propagation(parameters, cache, X, Y, hidden_activation="tanh"):
    epsilon = 1e-5
    grads = {}
    for key in ("W1", "b1", "W2", "b2"):
        gradient = np.zeros(parameters[key].shape)
        for index in np.ndindex(gradient.shape):
            shifted = {name: np.array(value, dtype=float) for name, value in parameters.items()}
            shifted[key][index] += epsilon
            A2_plus, _ = forward_propagation(X, shifted, hidden_activation)
            shifted[key][index] -= 2 * epsilon
            A2_minus, _ = forward_propagation(X, shifted, hidden_activation)
            gradient[index] = (compute_cost(A2_plus, Y) - compute_cost(A2_minus, Y)) / (2 * epsilon)
        grads["d" + key] = gradient
    return grads
