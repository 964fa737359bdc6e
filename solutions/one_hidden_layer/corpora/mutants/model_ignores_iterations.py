"""nn_model takes a single gradient step: the loop over num_iterations is missing."""
# misconceptions: MODEL-IGNORES-ITERATIONS


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False,
             hidden_activation="tanh", initialization="random"):
    n_x = layer_sizes(X, Y)[0]
    n_y = layer_sizes(X, Y)[2]
    if initialization == "zeros":
        parameters = initialize_parameters_zeros(n_x, n_h, n_y)
    else:
        parameters = initialize_parameters(n_x, n_h, n_y)

    A2, cache = forward_propagation(X, parameters, hidden_activation)
    cost = compute_cost(A2, Y)
    grads = backward_propagation(parameters, cache, X, Y, hidden_activation)
    parameters = update_parameters(parameters, grads)
    if print_cost:
        print(f"Cost after iteration 0: {cost:f}")

    return parameters
