"""linear_activation_backward gives relu_backward the layer's own output A = relu(Z): its
mask A > 0 is exactly Z > 0, so this is right (only the linear cache's A_prev is not)."""
# valid: relu_backward on A = relu(Z)
from dnn_utils import relu, relu_backward, sigmoid_backward


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    if activation == "relu":
        A, _ = relu(activation_cache)
        dZ = relu_backward(dA, A)
    else:
        dZ = sigmoid_backward(dA, activation_cache)
    return linear_backward(dZ, linear_cache)
