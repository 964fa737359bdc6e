"""Two mistakes: the sign of dZ2 flipped, and no division by m anywhere (the gradients of
the summed cost, not of its mean)."""
# misconceptions: BP-DZ2-SIGN, BP-NO-1-OVER-M
import numpy as np

ACTIVATION_DERIVATIVES = {
    "tanh": lambda A, Z: 1 - A ** 2,
    "sigmoid": lambda A, Z: A * (1 - A),
    "relu": lambda A, Z: (Z > 0).astype(float),
    "leaky_relu": lambda A, Z: np.where(Z > 0, 1.0, 0.01),
}


def backward_propagation(parameters, cache, X, Y, hidden_activation="tanh"):
    W2 = parameters["W2"]
    Z1, A1, A2 = cache["Z1"], cache["A1"], cache["A2"]
    dZ2 = Y - A2
    dW2 = dZ2 @ A1.T
    db2 = dZ2.sum(axis=1, keepdims=True)
    dZ1 = (W2.T @ dZ2) * ACTIVATION_DERIVATIVES[hidden_activation](A1, Z1)
    return {"dW1": dZ1 @ X.T, "db1": dZ1.sum(axis=1, keepdims=True), "dW2": dW2, "db2": db2}
