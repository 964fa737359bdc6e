"""linear_activation_forward swaps the two activations: sigmoid for "relu", relu for
"sigmoid"."""
# misconceptions: FWD-ACTIVATION-DISPATCH
from dnn_utils import relu, sigmoid


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "relu":
        A, activation_cache = sigmoid(Z)
    else:
        A, activation_cache = relu(Z)
    cache = (linear_cache, activation_cache)
    return A, cache
