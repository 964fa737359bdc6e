"""Backprop that recomputes tanh'(Z1) as 1 - np.tanh(Z1)**2 from Z1 for the tanh case, and asks
activation_derivative for the other activations."""
# valid: 1 - np.tanh(Z1)**2 in backprop for tanh
import numpy as np


def backward_propagation(parameters, cache, X, Y, hidden_activation="tanh"):
    m = X.shape[1]
    W2 = parameters["W2"]
    Z1 = cache["Z1"]
    A1 = cache["A1"]
    A2 = cache["A2"]

    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    if hidden_activation == "tanh":
        g1_prime = 1 - np.tanh(Z1) ** 2
    else:
        g1_prime = activation_derivative(Z1, hidden_activation)
    dZ1 = np.dot(W2.T, dZ2) * g1_prime
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)

    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
