"""predict returns integers 0/1 via np.round(A2) (which rounds 0.5 down to 0, as A2 > 0.5 does)."""
# valid: predict returning ints via np.round
import numpy as np


def predict(parameters, X, hidden_activation="tanh"):
    A2, _ = forward_propagation(X, parameters, hidden_activation)
    predictions = np.round(A2).astype(int)
    return predictions
