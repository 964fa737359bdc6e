"""L_model_forward's output layer returns Z[L]: the sigmoid is never applied."""
# misconceptions: FWD-OUTPUT-NOT-SIGMOID


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters["W" + str(l)],
                                             parameters["b" + str(l)], "relu")
        caches.append(cache)
    ZL, linear_cache = linear_forward(A, parameters["W" + str(L)], parameters["b" + str(L)])
    caches.append((linear_cache, ZL))
    return ZL, caches
