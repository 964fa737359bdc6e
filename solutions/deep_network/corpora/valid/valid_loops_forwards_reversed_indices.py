"""The backward loop written forwards, with the layer index reversed inside it (i = 0, 1,
... gives l = L-1, L-2, ...); the update loop likewise counts layers from the top."""
# valid: forward loops over layers with reversed indices


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    dA_prev, dW, db = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
    grads["dA" + str(L - 1)], grads["dW" + str(L)], grads["db" + str(L)] = dA_prev, dW, db
    for i in range(L - 1):
        l = L - 1 - i
        current_cache = caches[l - 1]
        dA_prev, dW, db = linear_activation_backward(grads["dA" + str(l)], current_cache,
                                                     "relu")
        grads["dA" + str(l - 1)] = dA_prev
        grads["dW" + str(l)] = dW
        grads["db" + str(l)] = db
    return grads


def update_parameters(params, grads, learning_rate):
    parameters = dict(params)
    L = len(params) // 2
    for i in range(L):
        l = L - i
        parameters["W" + str(l)] = params["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        parameters["b" + str(l)] = params["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return parameters
