"""Predictions thresholded at 0 (as if A2 were a logit): every sigmoid output is above 0, so
every prediction is 1."""
# misconceptions: PRED-THRESHOLD


def predict(parameters, X, hidden_activation="tanh"):
    A2, _ = forward_propagation(X, parameters, hidden_activation)
    predictions = A2 > 0
    return predictions
