"""update_parameters loops over range(1, L): the output layer is never updated."""
# misconceptions: UPD-LAYER-RANGE


def update_parameters(params, grads, learning_rate):
    parameters = dict(params)
    L = len(parameters) // 2
    for l in range(1, L):
        parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        parameters[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return parameters
