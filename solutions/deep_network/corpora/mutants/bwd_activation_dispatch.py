"""linear_activation_backward always uses relu_backward, whatever `activation` says."""
# misconceptions: BWD-ACTIVATION-DISPATCH
from dnn_utils import relu_backward


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    dZ = relu_backward(dA, activation_cache)
    return linear_backward(dZ, linear_cache)
