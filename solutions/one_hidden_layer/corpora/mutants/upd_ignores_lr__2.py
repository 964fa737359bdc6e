"""The learning rate is re-assigned inside the function (copied from the notebook's text), which
overwrites the argument."""
# misconceptions: UPD-IGNORES-LR


def update_parameters(parameters, grads, learning_rate=1.2):
    learning_rate = 1.2
    new_parameters = {}
    for name in ["W1", "b1", "W2", "b2"]:
        new_parameters[name] = parameters[name] - learning_rate * grads["d" + name]
    return new_parameters
