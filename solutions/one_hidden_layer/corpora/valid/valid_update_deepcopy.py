"""update_parameters works on a copy.deepcopy of the parameters, leaving its argument untouched."""
# valid: update_parameters on a copy.deepcopy
import copy


def update_parameters(parameters, grads, learning_rate=1.2):
    parameters = copy.deepcopy(parameters)
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W1 -= learning_rate * grads["dW1"]
    b1 -= learning_rate * grads["db1"]
    W2 -= learning_rate * grads["dW2"]
    b2 -= learning_rate * grads["db2"]
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
