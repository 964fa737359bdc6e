"""linear_activation_forward ignores its argument: every layer is LINEAR -> RELU."""
# misconceptions: FWD-ACTIVATION-DISPATCH
from dnn_utils import relu


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A, activation_cache = relu(Z)
    return A, (linear_cache, activation_cache)
