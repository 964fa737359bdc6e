"""predict returns integers 0/1 via np.where(A2 > 0.5, 1, 0)."""
# valid: predict returning ints via np.where
import numpy as np


def predict(parameters, X, hidden_activation="tanh"):
    A2, _ = forward_propagation(X, parameters, hidden_activation=hidden_activation)
    return np.where(A2 > 0.5, 1, 0)
