"""np.mean over the examples (axis=1) for the cost and for db, instead of np.sum(...) / m.
The cost sums over the output units first, so it also holds for n_y > 1."""
# valid: np.mean over examples for the cost and the bias gradients
import numpy as np


def compute_cost(A2, Y):
    per_unit = np.mean(Y * np.log(A2) + (1 - Y) * np.log(1 - A2), axis=1)
    cost = -np.sum(per_unit)
    return float(cost)


def backward_propagation(parameters, cache, X, Y, hidden_activation="tanh"):
    m = X.shape[1]
    W2 = parameters["W2"]
    Z1 = cache["Z1"]
    A1 = cache["A1"]
    A2 = cache["A2"]
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, A1.T) / m
    db2 = np.mean(dZ2, axis=1, keepdims=True)
    dZ1 = np.dot(W2.T, dZ2) * activation_derivative(Z1, hidden_activation)
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.mean(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
