"""Backprop that uses the cached activations, 1 - A1**2, for tanh (the course's classic formula),
and activation_derivative(Z1, ...) for the other activations."""
# valid: 1 - A1**2 in backprop for tanh, activation_derivative otherwise
import numpy as np


def backward_propagation(parameters, cache, X, Y, hidden_activation="tanh"):
    m = X.shape[1]
    W2 = parameters["W2"]
    Z1 = cache["Z1"]
    A1 = cache["A1"]
    A2 = cache["A2"]

    dZ2 = A2 - Y
    dW2 = 1 / m * np.dot(dZ2, A1.T)
    db2 = 1 / m * np.sum(dZ2, axis=1, keepdims=True)
    if hidden_activation == "tanh":
        dZ1 = np.multiply(np.dot(W2.T, dZ2), 1 - np.power(A1, 2))
    else:
        dZ1 = np.multiply(np.dot(W2.T, dZ2), activation_derivative(Z1, hidden_activation))
    dW1 = 1 / m * np.dot(dZ1, X.T)
    db1 = 1 / m * np.sum(dZ1, axis=1, keepdims=True)

    grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
    return grads
