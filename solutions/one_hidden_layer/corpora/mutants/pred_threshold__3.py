"""Predictions thresholded at 0.6 instead of 0.5 (a student "tuning" the
cut-off on the flower data)."""
# misconceptions: PRED-THRESHOLD
import numpy as np


def predict(parameters, X, hidden_activation="tanh"):
    A2, _ = forward_propagation(X, parameters, hidden_activation)
    predictions = np.where(A2 > 0.6, 1, 0)
    return predictions
