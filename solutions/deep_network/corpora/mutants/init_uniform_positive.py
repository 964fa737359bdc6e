"""initialize_parameters_deep uses np.random.rand: uniform weights, all positive."""
# misconceptions: INIT-UNIFORM-POSITIVE
import numpy as np


def initialize_parameters_deep(layer_dims):
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters["W" + str(l)] = np.random.rand(layer_dims[l], layer_dims[l - 1]) * 0.01
        parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))
    return parameters
