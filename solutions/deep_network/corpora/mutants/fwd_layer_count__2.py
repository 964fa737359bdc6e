"""L_model_forward's output step uses the loop variable l: the last hidden layer's weights
run twice, and W[L] never runs."""
# misconceptions: FWD-LAYER-COUNT


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    l = 1
    for l in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(l)],
                                             parameters["b" + str(l)], activation="relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(l)],
                                          parameters["b" + str(l)], activation="sigmoid")
    caches.append(cache)
    return AL, caches
