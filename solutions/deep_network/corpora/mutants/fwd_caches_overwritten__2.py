"""`AL, caches = linear_activation_forward(...)` at the output layer: the list is replaced by
the output layer's cache."""
# misconceptions: FWD-CACHES-OVERWRITTEN


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)],
                                             parameters["b" + str(l)], "relu")
        caches.append(cache)
    AL, caches = linear_activation_forward(A, parameters["W" + str(L)],
                                           parameters["b" + str(L)], "sigmoid")
    return AL, caches
