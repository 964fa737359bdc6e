"""L_model_backward's loop stops at layer 2 (range(L - 1, 1, -1)): dW1 and db1 never come."""
# misconceptions: BWD-LAYER-LOOP


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    dA_prev, dW, db = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = dA_prev, dW, db
    for l in range(L - 1, 1, -1):
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l)], caches[l - 1],
                                                     "relu")
        grads["dA" + str(l - 1)], grads["dW" + str(l)], grads["db" + str(l)] = dA_prev, dW, db
    return grads
