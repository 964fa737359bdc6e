"""predict returns the probabilities A2 themselves, never thresholded to 0/1."""
# misconceptions: PRED-THRESHOLD


def predict(parameters, X, hidden_activation="tanh"):
    A2, _ = forward_propagation(X, parameters, hidden_activation)
    predictions = A2
    return predictions
