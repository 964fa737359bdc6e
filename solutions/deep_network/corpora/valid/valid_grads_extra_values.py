"""L_model_backward also keeps dAL and each layer's dZ in grads: the course's grads may
hold more than dA, dW and db (update_parameters reads only dW and db). Its dZ comes from
relu_backward and sigmoid_backward directly, then linear_backward."""
# valid: extra values stored in grads
from dnn_utils import relu_backward, sigmoid_backward


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    grads["dAL"] = -(Y / AL - (1 - Y) / (1 - AL))
    dA = grads["dAL"]
    for l in range(L, 0, -1):
        linear_cache, activation_cache = caches[l - 1]
        step = sigmoid_backward if l == L else relu_backward
        grads["dZ" + str(l)] = step(dA, activation_cache)
        dA, grads["dW" + str(l)], grads["db" + str(l)] = linear_backward(grads["dZ" + str(l)],
                                                                         linear_cache)
        grads["dA" + str(l - 1)] = dA
    return grads
