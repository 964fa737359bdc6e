"""nn_model loops a fixed 10000 times (the default, hard-coded) instead of num_iterations."""
# misconceptions: MODEL-IGNORES-ITERATIONS


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False,
             hidden_activation="tanh", initialization="random"):
    n_x, _, n_y = layer_sizes(X, Y)
    if initialization == "zeros":
        parameters = initialize_parameters_zeros(n_x, n_h, n_y)
    else:
        parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(0, 10000):
        A2, cache = forward_propagation(X, parameters, hidden_activation)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y, hidden_activation)
        parameters = update_parameters(parameters, grads)
        if print_cost and i % 1000 == 0:
            print(f"Cost after iteration {i}: {cost:f}")
    return parameters
