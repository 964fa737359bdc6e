"""update_parameters works on copy.deepcopy(params), with in-place subtraction on the copy,
as the course's notebooks do since 2023."""
# valid: update_parameters on a copy.deepcopy
import copy


def update_parameters(params, grads, learning_rate):
    parameters = copy.deepcopy(params)
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters["W" + str(l)] -= learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] -= learning_rate * grads["db" + str(l)]
    return parameters
