"""Backprop that accumulates each example's gradient in a loop and averages at the end."""
# valid: explicit loop over the examples in backward_propagation
import numpy as np


def backward_propagation(parameters, cache, X, Y, hidden_activation="tanh"):
    m = X.shape[1]
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    Z1 = cache["Z1"]
    A1 = cache["A1"]
    A2 = cache["A2"]

    dW1 = np.zeros_like(W1)
    db1 = np.zeros((W1.shape[0], 1))
    dW2 = np.zeros_like(W2)
    db2 = np.zeros((W2.shape[0], 1))
    for i in range(m):
        x = X[:, [i]]
        dz2 = A2[:, [i]] - Y[:, [i]]
        dW2 += np.dot(dz2, A1[:, [i]].T)
        db2 += dz2
        dz1 = np.dot(W2.T, dz2) * activation_derivative(Z1[:, [i]], hidden_activation)
        dW1 += np.dot(dz1, x.T)
        db1 += dz1

    return {"dW1": dW1 / m, "db1": db1 / m, "dW2": dW2 / m, "db2": db2 / m}
