"""Forward propagation one example (one column of X) at a time, in a Python loop."""
# valid: explicit loop over the examples in forward_propagation
import numpy as np


def forward_propagation(X, parameters, hidden_activation="tanh"):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    m = X.shape[1]
    Z1 = np.zeros((W1.shape[0], m))
    A1 = np.zeros((W1.shape[0], m))
    Z2 = np.zeros((W2.shape[0], m))
    A2 = np.zeros((W2.shape[0], m))
    for i in range(m):
        x = X[:, i:i + 1]
        z1 = np.dot(W1, x) + b1
        a1 = activation_forward(z1, hidden_activation)
        z2 = np.dot(W2, a1) + b2
        Z1[:, i:i + 1] = z1
        A1[:, i:i + 1] = a1
        Z2[:, i:i + 1] = z2
        A2[:, i:i + 1] = activation_forward(z2, "sigmoid")
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache
