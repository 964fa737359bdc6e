"""The output layer reuses the hidden activation (copy-paste of the line above): A2 = g1(Z2)
instead of sigmoid(Z2)."""
# misconceptions: FWD-OUTPUT-NOT-SIGMOID
import numpy as np


def forward_propagation(X, parameters, hidden_activation="tanh"):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = activation_forward(Z1, hidden_activation)
    Z2 = np.dot(W2, A1) + b2
    A2 = activation_forward(Z2, hidden_activation)
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache
