"""Large random weights and large random biases: everything times ten."""
# misconceptions: INIT-BIAS-RANDOM
import numpy as np


def initialize_parameters_random(layers_dims):
    parameters = {}
    L = len(layers_dims)
    for l in range(1, L):
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters["b" + str(l)] = np.random.randn(layers_dims[l], 1) * 10
    return parameters
