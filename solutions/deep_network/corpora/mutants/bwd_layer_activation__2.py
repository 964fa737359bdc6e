"""L_model_backward takes every hidden layer backwards through sigmoid."""
# misconceptions: BWD-LAYER-ACTIVATION


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(L, 0, -1):
        dA, grads["dW" + str(l)], grads["db" + str(l)] = linear_activation_backward(
            dA, caches[l - 1], "sigmoid")
        grads["dA" + str(l - 1)] = dA
    return grads
