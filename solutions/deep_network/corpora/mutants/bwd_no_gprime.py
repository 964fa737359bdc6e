"""linear_activation_backward skips the activation's step: dZ = dA, for both activations."""
# misconceptions: BWD-NO-GPRIME


def linear_activation_backward(dA, cache, activation):
    linear_cache, activation_cache = cache
    dZ = dA
    dA_prev, dW, db = linear_backward(dZ, linear_cache)
    return dA_prev, dW, db
