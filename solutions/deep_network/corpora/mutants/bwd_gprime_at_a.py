"""linear_activation_backward gives relu_backward the A stored in the linear cache (the
previous layer's activations) instead of the activation cache Z."""
# misconceptions: BWD-GPRIME-AT-A
from dnn_utils import relu_backward, sigmoid_backward


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    A_prev = linear_cache[0]
    if activation == "relu":
        dZ = relu_backward(dA, A_prev)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
    dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db
