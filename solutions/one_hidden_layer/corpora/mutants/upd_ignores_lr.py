"""The learning rate is hard-coded as 1.2 (the default), so the learning_rate
argument is ignored."""
# misconceptions: UPD-IGNORES-LR


def update_parameters(parameters, grads, learning_rate=1.2):
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]

    dW1 = grads["dW1"]
    db1 = grads["db1"]
    dW2 = grads["dW2"]
    db2 = grads["db2"]

    W1 = W1 - 1.2 * dW1
    b1 = b1 - 1.2 * db1
    W2 = W2 - 1.2 * dW2
    b2 = b2 - 1.2 * db2

    parameters = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
    return parameters
