"""The cache carries extra entries (X, the parameters, the activation's name) besides Z1, A1, Z2,
A2, as students do when they plan to reuse it."""
# valid: extra keys in the forward cache
import numpy as np


def forward_propagation(X, parameters, hidden_activation="tanh"):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = activation_forward(Z1, hidden_activation)
    Z2 = np.dot(W2, A1) + b2
    A2 = activation_forward(Z2, "sigmoid")
    cache = {
        "X": X,
        "W1": W1, "b1": b1, "W2": W2, "b2": b2,
        "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2,
        "hidden_activation": hidden_activation,
        "m": X.shape[1],
    }
    return A2, cache
