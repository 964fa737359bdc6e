"""Two mistakes in one backward pass: no g1'(Z1) factor, and dZ2 = Y - A2 (the sign flipped).
Each is a catalogued mistake on its own; together they must both be named."""
# misconceptions: BP-NO-GPRIME, BP-DZ2-SIGN
import numpy as np


def backward_propagation(parameters, cache, X, Y, hidden_activation="tanh"):
    m = X.shape[1]
    W2 = parameters["W2"]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = Y - A2
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.dot(W2.T, dZ2)
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
