"""Backpropagation that ignores the cache it is given: it runs forward_propagation again
from the parameters, then applies the chain rule to that pass. Wasteful, but the gradients
are the chain rule's, exactly: it must not be taken for a numerical estimate."""
# valid: backward_propagation recomputes the forward pass instead of reading the cache
import numpy as np


def backward_propagation(parameters, cache, X, Y, hidden_activation="tanh"):
    m = X.shape[1]
    A2, fresh = forward_propagation(X, parameters, hidden_activation)
    dZ2 = A2 - Y
    dW2 = np.dot(dZ2, fresh["A1"].T) / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = np.dot(parameters["W2"].T, dZ2) * activation_derivative(fresh["Z1"], hidden_activation)
    dW1 = np.dot(dZ1, X.T) / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
