"""Hidden layer without its bias: Z1 = W1 X (b1 left out). The output layer keeps b2."""
# misconceptions: FWD-NO-BIAS
import numpy as np


def forward_propagation(X, parameters, hidden_activation="tanh"):
    W1 = parameters["W1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    Z1 = np.dot(W1, X)
    A1 = activation_forward(Z1, hidden_activation)
    Z2 = np.dot(W2, A1) + b2
    A2 = activation_forward(Z2, "sigmoid")
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache
