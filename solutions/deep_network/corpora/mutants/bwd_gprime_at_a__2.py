"""linear_activation_backward evaluates the sigmoid's derivative at A = sigmoid(Z): it
recomputes the activation and hands it to sigmoid_backward as if it were Z."""
# misconceptions: BWD-GPRIME-AT-A
from dnn_utils import relu_backward, sigmoid, sigmoid_backward


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
    else:
        A, _ = sigmoid(activation_cache)
        dZ = sigmoid_backward(dA, A)
    return linear_backward(dZ, linear_cache)
