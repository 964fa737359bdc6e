"""`A, caches = linear_activation_forward(...)` in the loop: the list becomes one layer's
cache, and appending to it fails."""
# misconceptions: FWD-CACHES-OVERWRITTEN


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A_prev = A
        A, caches = linear_activation_forward(A_prev, parameters["W" + str(l)],
                                              parameters["b" + str(l)], "relu")
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)],
                                          parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches
