"""linear_activation_forward's "sigmoid" branch returns Z itself as the activation."""
# misconceptions: FWD-OUTPUT-NOT-SIGMOID
from dnn_utils import relu


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "sigmoid":
        A, activation_cache = Z, Z
    elif activation == "relu":
        A, activation_cache = relu(Z)
    cache = (linear_cache, activation_cache)
    return A, cache
