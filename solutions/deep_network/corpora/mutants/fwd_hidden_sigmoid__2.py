"""Two mistakes in L_model_forward: the hidden layers run with sigmoid, and the output layer
returns Z[L] without its sigmoid."""
# misconceptions: FWD-HIDDEN-SIGMOID, FWD-OUTPUT-NOT-SIGMOID


def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                             "sigmoid")
        caches.append(cache)
    Z, linear_cache = linear_forward(A, parameters[f"W{L}"], parameters[f"b{L}"])
    caches.append((linear_cache, Z))
    return Z, caches
