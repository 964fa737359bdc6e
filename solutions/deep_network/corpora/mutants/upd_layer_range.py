"""update_parameters updates the first layer only."""
# misconceptions: UPD-LAYER-RANGE


def update_parameters(params, grads, learning_rate):
    parameters = {key: value.copy() for key, value in params.items()}
    parameters["W1"] = parameters["W1"] - learning_rate * grads["dW1"]
    parameters["b1"] = parameters["b1"] - learning_rate * grads["db1"]
    return parameters
