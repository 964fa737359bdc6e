"""L_model_forward uses relu for the output layer too (one loop over all L layers)."""
# misconceptions: FWD-OUTPUT-RELU


def L_model_forward(X, parameters):
    caches = []
    A = X
    for l in range(1, len(parameters) // 2 + 1):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                             "relu")
        caches.append(cache)
    return A, caches
