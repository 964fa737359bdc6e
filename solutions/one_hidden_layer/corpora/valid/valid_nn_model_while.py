"""nn_model with a while loop, the learning rate passed explicitly, and the cost printed every
1000 iterations when print_cost is set."""
# valid: nn_model with a while loop and printing


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False,
             hidden_activation="tanh", initialization="random"):
    sizes = layer_sizes(X, Y)
    n_x = sizes[0]
    n_y = sizes[2]
    if initialization == "random":
        parameters = initialize_parameters(n_x, n_h, n_y)
    elif initialization == "zeros":
        parameters = initialize_parameters_zeros(n_x, n_h, n_y)
    else:
        raise ValueError("initialization must be 'random' or 'zeros'")

    costs = []
    i = 0
    while i < num_iterations:
        A2, cache = forward_propagation(X, parameters, hidden_activation=hidden_activation)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y, hidden_activation=hidden_activation)
        parameters = update_parameters(parameters, grads, learning_rate=1.2)
        if i % 1000 == 0:
            costs.append(cost)
            if print_cost:
                print("Cost after iteration", i, ":", round(cost, 6))
        i += 1
    print("Training done after", num_iterations, "iterations")
    return parameters
