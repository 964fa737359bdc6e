"""Output layer without its bias: Z2 = W2 A1 (b2 left out). The hidden layer keeps b1."""
# misconceptions: FWD-NO-BIAS
import numpy as np


def forward_propagation(X, parameters, hidden_activation="tanh"):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    Z1 = np.dot(W1, X) + b1
    A1 = activation_forward(Z1, hidden_activation)
    Z2 = np.dot(W2, A1)
    A2 = activation_forward(Z2, "sigmoid")
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache
