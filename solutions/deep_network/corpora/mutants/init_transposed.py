"""initialize_parameters_deep gives W[l] the shape (n[l-1], n[l])."""
# misconceptions: INIT-TRANSPOSED
import numpy as np


def initialize_parameters_deep(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.randn(layer_dims[l - 1], layer_dims[l]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
