"""linear_activation_forward computes the activations itself (np.where, np.exp), keeping Z
as the activation cache; the output layer's backward step starts from dZ = AL - Y."""
# valid: own activation formulas, dZ[L] = AL - Y
import numpy as np


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "relu":
        A = np.where(Z > 0, Z, 0.0)
    else:
        A = 1.0 / (1.0 + np.exp(-Z))
    return A, (linear_cache, Z)


def L_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dZ = AL - Y
    dA, grads["dW" + str(L)], grads["db" + str(L)] = linear_backward(dZ, caches[L - 1][0])
    grads["dA" + str(L - 1)] = dA
    for l in range(L - 1, 0, -1):
        dA, grads["dW" + str(l)], grads["db" + str(l)] = linear_activation_backward(
            dA, caches[l - 1], "relu")
        grads["dA" + str(l - 1)] = dA
    return grads
