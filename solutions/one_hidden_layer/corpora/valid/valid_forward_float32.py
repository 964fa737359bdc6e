"""Forward propagation in float32 (the student casts to save memory): the results are float32
arrays, equal to the reference within float32 precision."""
# valid: float32 arithmetic inside forward_propagation
import numpy as np


def forward_propagation(X, parameters, hidden_activation="tanh"):
    X = X.astype(np.float32)
    W1 = parameters["W1"].astype(np.float32)
    b1 = parameters["b1"].astype(np.float32)
    W2 = parameters["W2"].astype(np.float32)
    b2 = parameters["b2"].astype(np.float32)
    Z1 = np.dot(W1, X) + b1
    A1 = activation_forward(Z1, hidden_activation)
    Z2 = np.dot(W2, A1) + b2
    A2 = activation_forward(Z2, "sigmoid")
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache
