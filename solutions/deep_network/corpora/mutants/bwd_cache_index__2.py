"""L_model_backward uses caches[-1], the output layer's cache, for every layer."""
# misconceptions: BWD-CACHE-INDEX


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    current_cache = caches[-1]
    dA, grads[f"dW{L}"], grads[f"db{L}"] = linear_activation_backward(dAL, current_cache,
                                                                     "sigmoid")
    grads[f"dA{L - 1}"] = dA
    for l in reversed(range(1, L)):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[-1],
                                                                         "relu")
        grads[f"dA{l - 1}"] = dA
    return grads
